import 'reflect-metadata';
import { fileURLToPath } from 'node:url';
import { TokenVerifier } from '@ops/auth';
import { createHttpApp, type NestFastifyApplication } from '@ops/http';
import type { Logger } from '@ops/logger';
import { limitRoutes } from '@ops/rate-limits';
import { JetStreamServer } from '@ops/messaging';
import { closeInOrder, startRuntime, type Runtime } from '@ops/runtime';
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
export async function startOrgService(env: Record<string, string | undefined> = process.env, overrides: OrgServiceOverrides = {}): Promise<OrgService> {
  const config = loadOrgConfig(env);
  const runtime = await startRuntime({ service: 'org', schema: 'orgs', config, migrationsFolder, outbox, logger: overrides.logger, revocations: true });
  const consumer = new JetStreamServer({
    connection: runtime.nats,
    logger: runtime.logger.child({ component: 'known-users' }),
    stream: runtime.stream.name,
    subjectPrefix: runtime.stream.subjectPrefix,
    durable: 'org-known-users',
    filterType: 'user.*',
    // One at a time across every replica (the server hands out one unacked message): a user's deletion must not
    // overtake their creation.
    maxInFlight: 1,
    maxAckPending: 1,
  });
  const verifier = overrides.verifier ?? new TokenVerifier({ jwksUrl: config.JWKS_URL, isRevoked: (p) => runtime.revocations!.isRevoked(p) });
  const app = await createHttpApp(OrgAppModule.with(runtime, verifier), { logger: runtime.logger });
  await limitRoutes(app, [{ method: 'POST', url: '/api/v1/org/:id/members', max: config.MEMBER_ADD_RATE_LIMIT, windowMs: config.MEMBER_ADD_WINDOW_S * 1000, per: 'caller' }]);
  app.connectMicroservice({ strategy: consumer }, { inheritAppConfig: true });
  await app.startAllMicroservices();
  await app.listen({ port: config.ORG_PORT, host: config.HOST });
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  runtime.logger.info({ url }, 'organization service listening');
  return {
    app,
    runtime,
    url,
    logger: runtime.logger,
    close: () =>
      closeInOrder(runtime.logger, [
        ['HTTP server closed', () => app.close()],
        ['runtime closed', () => runtime.close()],
      ]),
  };
}
