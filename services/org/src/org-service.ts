import 'reflect-metadata';
import { fileURLToPath } from 'node:url';
import type { TokenVerifier } from '@ops/auth';
import type { NestFastifyApplication } from '@ops/http';
import type { Logger } from '@ops/logger';
import { limitRoutes } from '@ops/rate-limits';
import { ServiceKit, type Runtime } from '@ops/runtime';
import { OrgAppModule } from './app.module.js';
import { loadOrgConfig } from './config.js';
import { outbox } from './schema.js';

/** The environment variables this service reads (docs/operations.md and .env.example are checked against it). */
export { orgEnv } from './config.js';
/** The service's API as documented (`GET /openapi.json`, `pnpm api:client`). */
export { orgApi } from './app.module.js';

export interface OrgService {
  app: NestFastifyApplication;
  runtime: Runtime;
  url: string;
  /** Where the service logs, its shutdown steps included. */
  logger: Logger;
  close(): Promise<void>;
}

export interface OrgServiceOverrides {
  logger?: Logger;
  /** Verifies tokens from a key set given here instead of JWKS_URL (tests issuing their own tokens). */
  verifier?: TokenVerifier;
}

const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));

/** Starts the organization service: its API and the consumer that keeps its list of known users. */
export async function startOrgService(
  env: Record<string, string | undefined> = process.env,
  overrides: OrgServiceOverrides = {},
): Promise<OrgService> {
  const config = loadOrgConfig(env);
  const kit = await ServiceKit.open({
    service: 'org',
    schema: 'orgs',
    config,
    migrationsFolder,
    outbox,
    logger: overrides.logger,
    revocations: true,
  });
  const { runtime } = kit;
  kit.consumer({
    component: 'known-users',
    durable: 'org-known-users',
    filterType: 'user.*',
    // One at a time across every replica (the server hands out one unacked message): a user's deletion must not
    // overtake their creation.
    maxInFlight: 1,
    maxAckPending: 1,
  });
  const verifier = overrides.verifier ?? kit.tokenVerifier(config.JWKS_URL);
  const app = await kit.httpApp(OrgAppModule.with(runtime, verifier));
  await limitRoutes(app, [
    {
      method: 'POST',
      url: '/api/v1/org/:id/members',
      max: config.MEMBER_ADD_RATE_LIMIT,
      windowMs: config.MEMBER_ADD_WINDOW_S * 1000,
      per: 'caller',
    },
  ]);
  const url = await kit.listen({ port: config.ORG_PORT, host: config.HOST, message: 'organization service listening' });
  return { app, runtime, url, logger: kit.logger, close: () => kit.close() };
}
