import 'reflect-metadata';
import { fileURLToPath } from 'node:url';
import { loadSigningKey, TokenIssuer, TokenVerifier } from '@ops/auth';
import type { NestFastifyApplication } from '@ops/http';
import type { Logger } from '@ops/logger';
import { limitRoutes } from '@ops/rate-limits';
import { ServiceKit, type Runtime } from '@ops/runtime';
import { AccountsService } from './accounts/accounts.service.js';
import { UserAppModule } from './app.module.js';
import { loadUserConfig } from './config.js';
import { OrganizationDirectory } from './portal-links/organization-directory.js';
import { outbox } from './schema.js';
import { LoginLimiter } from './sessions/login-limiter.js';
import { isRevokedHere } from './sessions/token-revocation.js';
import { LogMailer, SmtpMailer, type Mailer } from './verification/mailer.js';

/** The environment variables this service reads (docs/operations.md and .env.example are checked against it). */
export { userEnv } from './config.js';
/** The service's API as documented (`GET /openapi.json`, `pnpm api:client`). */
export { userApi } from './app.module.js';

export interface UserService {
  app: NestFastifyApplication;
  runtime: Runtime;
  /** Base URL the HTTP API listens on. */
  url: string;
  /** Where the service logs, its shutdown steps included. */
  logger: Logger;
  /**
   * Where the organization service answers, when it was not known at start (ORG_SERVICE_URL): the all-in-one
   * launcher starts it after this service. Portal links need it to check the caller's role.
   */
  useOrganizationService(url: string): void;
  close(): Promise<void>;
}

const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));

export type { Email, Mailer } from './verification/mailer.js';

export interface UserServiceOverrides {
  logger?: Logger;
  /** Where emails go instead of SMTP_URL or the log (tests read the verification token from it). */
  mailer?: Mailer;
}

/** Starts the user service: used by main.ts, by the local all-in-one launcher and by tests. */
export async function startUserService(
  env: Record<string, string | undefined> = process.env,
  overrides: UserServiceOverrides = {},
): Promise<UserService> {
  const config = loadUserConfig(env);
  const kit = await ServiceKit.open({ service: 'user', schema: 'users', config, migrationsFolder, outbox, logger: overrides.logger });
  const { runtime } = kit;
  const key = loadSigningKey({ pem: config.JWT_PRIVATE_KEY, file: config.JWT_KEY_FILE ?? `${config.DATA_DIR}/jwt-ed25519.pem` });
  const issuer = new TokenIssuer(key, config.ACCESS_TOKEN_TTL_S);
  // This service reads revocations from its own table: a sign-out applies here before its response is sent.
  const verifier = new TokenVerifier({ jwks: await issuer.jwks(), isRevoked: isRevokedHere(runtime.database) });
  const limiter = new LoginLimiter(runtime.database, {
    maxPerAccountAndAddress: config.LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS,
    maxPerAddress: config.LOGIN_MAX_FAILURES_PER_ADDRESS,
    windowMs: config.LOGIN_WINDOW_S * 1000,
  });
  const mailer =
    overrides.mailer ??
    (config.SMTP_URL ? new SmtpMailer(config.SMTP_URL, config.SMTP_FROM) : new LogMailer(runtime.logger.child({ component: 'mail' })));
  const settings = { emailVerificationTtlMs: config.EMAIL_VERIFICATION_TTL_S * 1000 };
  const organizations = new OrganizationDirectory(config.ORG_SERVICE_URL);
  const portal = { linkTtlSeconds: config.PORTAL_LINK_TTL_S };
  const app = await kit.httpApp(UserAppModule.with({ runtime, issuer, verifier, limiter, mailer, settings, organizations, portal }), {
    trustProxy: config.TRUST_PROXY,
  });
  const windowMs = config.RATE_LIMIT_WINDOW_S * 1000;
  await limitRoutes(app, [
    { method: 'POST', url: '/auth/register', max: config.REGISTER_RATE_LIMIT, windowMs },
    { method: 'POST', url: '/auth/login/password', max: config.LOGIN_RATE_LIMIT, windowMs },
    { method: 'POST', url: '/auth/verify-email', max: config.VERIFY_EMAIL_RATE_LIMIT, windowMs },
  ]);
  await app.init();
  if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) {
    const outcome = await app.get(AccountsService).ensureAdmin(config.ADMIN_EMAIL, config.ADMIN_PASSWORD);
    runtime.logger.info({ email: config.ADMIN_EMAIL, outcome }, 'platform admin ready');
  }
  const url = await kit.listen({ port: config.USER_PORT, host: config.HOST, message: 'user service listening' });
  return {
    app,
    runtime,
    url,
    logger: kit.logger,
    useOrganizationService: (orgUrl) => organizations.useUrl(orgUrl),
    close: () => kit.close(),
  };
}
