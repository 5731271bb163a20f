import { createLogger } from '@ops/logger';
import { runUntilSignal } from '@ops/runtime';
import { startPlatform } from './platform.js';
import { smokeCheck } from './smoke-check.js';

/**
 * `infra/up.sh`: the platform on this machine, checked end to end, then serving until Ctrl-C.
 * Local defaults: a platform admin admin@example.com / admin-password-change-me (ADMIN_EMAIL, ADMIN_PASSWORD),
 * webhooks allowed to loopback (WEBHOOK_ALLOWED_CIDRS), and a payment webhook secret (PAYMENT_WEBHOOK_SECRET).
 */
const env: Record<string, string | undefined> = { ...process.env };
env.ADMIN_EMAIL ??= 'admin@example.com';
env.ADMIN_PASSWORD ??= 'admin-password-change-me';
// Local receivers live on loopback, which production refuses (SSRF protection).
env.WEBHOOK_ALLOWED_CIDRS ??= '127.0.0.0/8,::1/128';
// A payment provider's webhook secret, so that the demo can play the provider (`stripe listen` prints a real one).
env.PAYMENT_WEBHOOK_SECRET ??= 'whsec_local_demo_secret';
const logger = createLogger({ name: 'local', level: env.LOG_LEVEL ?? 'info' });

await runUntilSignal(async () => {
  const platform = await startPlatform(env);
  await smokeCheck(platform, { email: env.ADMIN_EMAIL!, password: env.ADMIN_PASSWORD! }, logger);
  logger.info(
    { gateway: platform.gateway.url, user: platform.user.url, webhooks: platform.webhook.url, organizations: platform.org.url, subscriptions: platform.subscription.url, devices: platform.device.url, admin: env.ADMIN_EMAIL, database: env.DATABASE_URL ?? `embedded (${env.DATA_DIR ?? '.data'}/)` },
    'platform is up; Ctrl-C stops it. README.md has the walk-through.',
  );
  return { logger, close: () => platform.close() };
});
