import 'reflect-metadata';
import { fileURLToPath } from 'node:url';
import type { TokenVerifier } from '@ops/auth';
import type { NestFastifyApplication } from '@ops/http';
import type { Logger } from '@ops/logger';
import { limitRoutes } from '@ops/rate-limits';
import { ServiceKit, systemClock, type Clock, type Runtime } from '@ops/runtime';
import { SubscriptionAppModule } from './app.module.js';
import { BillingCycle } from './billing/billing-cycle.js';
import { loadSubscriptionConfig } from './config.js';
import { outbox } from './schema.js';

/** The environment variables this service reads (docs/operations.md and .env.example are checked against it). */
export { subscriptionEnv } from './config.js';
/** The service's API as documented (`GET /openapi.json`, `pnpm api:client`). */
export { subscriptionApi } from './app.module.js';

const DAY_MS = 24 * 3600_000;

export interface SubscriptionService {
  app: NestFastifyApplication;
  runtime: Runtime;
  /** The scheduled renewals and overdue checks; tests call `runOnce` after moving their clock. */
  billing: BillingCycle;
  url: string;
  /** Where the service logs, its shutdown steps included. */
  logger: Logger;
  close(): Promise<void>;
}

export interface SubscriptionServiceOverrides {
  logger?: Logger;
  verifier?: TokenVerifier;
  /** Time for trials, periods and due dates (tests: a ManualClock). */
  clock?: Clock;
}

const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));

/** Starts the subscription service: API, provider webhooks, the users and organizations consumers and the billing cycle. */
export async function startSubscriptionService(
  env: Record<string, string | undefined> = process.env,
  overrides: SubscriptionServiceOverrides = {},
): Promise<SubscriptionService> {
  const config = loadSubscriptionConfig(env);
  const kit = await ServiceKit.open({
    service: 'subscription',
    schema: 'billing',
    config,
    migrationsFolder,
    outbox,
    logger: overrides.logger,
    revocations: true,
  });
  const { runtime } = kit;
  const clock = overrides.clock ?? systemClock;
  const billing = {
    trialMs: config.TRIAL_DAYS * DAY_MS,
    periodMs: config.BILLING_PERIOD_DAYS * DAY_MS,
    invoiceDueMs: config.INVOICE_DUE_DAYS * DAY_MS,
  };
  // Users and organizations, each in stream order, one unacked message across every replica: a deletion must not
  // overtake the creation before it. The two streams may interleave either way for one user: the trial and the
  // organization meet whichever arrives second. (`subscription-users` replaced the old
  // `subscription-registrations`, which followed only user.created: docs/operations.md.)
  kit.consumer({ durable: 'subscription-users', filterType: 'user.*', maxInFlight: 1, maxAckPending: 1 });
  kit.consumer({ durable: 'subscription-organizations', filterType: 'organization.*', maxInFlight: 1, maxAckPending: 1 });
  const verifier = overrides.verifier ?? kit.tokenVerifier(config.JWKS_URL);
  const paymentWebhook = { secret: config.PAYMENT_WEBHOOK_SECRET, toleranceSeconds: config.PAYMENT_WEBHOOK_TOLERANCE_S };
  const app = await kit.httpApp(SubscriptionAppModule.with({ runtime, verifier, clock, billing, paymentWebhook }), {
    rawBody: true,
    trustProxy: config.TRUST_PROXY,
  });
  await limitRoutes(app, [
    {
      method: 'POST',
      url: '/api/v1/billing/provider-webhooks',
      max: config.PAYMENT_WEBHOOK_RATE_LIMIT,
      windowMs: config.RATE_LIMIT_WINDOW_S * 1000,
    },
  ]);
  const url = await kit.listen({ port: config.SUBSCRIPTION_PORT, host: config.HOST, message: 'subscription service listening' });
  const cycle = new BillingCycle({
    database: runtime.database,
    clock,
    settings: billing,
    logger: runtime.logger.child({ component: 'billing-cycle' }),
    intervalMs: config.BILLING_CYCLE_INTERVAL_MS,
  });
  cycle.start();
  kit.closeAfterHttp('billing cycle stopped', () => cycle.stop());
  return { app, runtime, billing: cycle, url, logger: kit.logger, close: () => kit.close() };
}
