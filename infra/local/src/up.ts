import { createLogger } from '@ops/logger';
import { runUntilSignal, tracingFor } from '@ops/runtime';
import { startLocalBroker } from './local-broker.js';
import { startPlatform, type Platform } from './platform.js';
import { smokeCheck } from './smoke-check.js';

/**
 * `infra/up.sh`: the platform on this machine, checked end to end, then serving until Ctrl-C.
 * Local defaults: a platform admin admin@example.com / admin-password-change-me (ADMIN_EMAIL, ADMIN_PASSWORD),
 * webhooks allowed to loopback (WEBHOOK_ALLOWED_CIDRS), a payment webhook secret (PAYMENT_WEBHOOK_SECRET), and,
 * unless NATS_URL names a broker, a nats-server of its own on LOCAL_NATS_PORT (4223) with a user per service.
 */
const env: Record<string, string | undefined> = { ...process.env };
env.ADMIN_EMAIL ??= 'admin@example.com';
env.ADMIN_PASSWORD ??= 'admin-password-change-me';
// Local receivers live on loopback, which production refuses (SSRF protection).
env.WEBHOOK_ALLOWED_CIDRS ??= '127.0.0.0/8,::1/128';
// A payment provider's webhook secret, so that the demo can play the provider (`stripe listen` prints a real one).
env.PAYMENT_WEBHOOK_SECRET ??= 'whsec_local_demo_secret';
const logger = createLogger({ name: 'local', level: env.LOG_LEVEL ?? 'info' });

await runUntilSignal(
  async () => {
    // Without a NATS_URL of its own, the platform runs its own broker, with authentication (docs/security.md).
    const broker = env.NATS_URL
      ? undefined
      : await startLocalBroker(env.DATA_DIR ?? '.data', Number(env.LOCAL_NATS_PORT ?? 4223), {
          stream: env.EVENTS_STREAM ?? 'EVENTS',
          subjectPrefix: env.EVENTS_SUBJECT_PREFIX ?? 'events',
        });
    if (broker) {
      env.NATS_URL = broker.url;
      env.NATS_CREDENTIALS_FILE = broker.credentialsFile;
    }
    let platform: Platform | undefined;
    try {
      platform = await startPlatform(env);
      await smokeCheck(platform, { email: env.ADMIN_EMAIL!, password: env.ADMIN_PASSWORD! }, logger);
    } catch (err) {
      // The broker is a child process: it would outlive a failed start.
      await platform?.close();
      await broker?.close();
      throw err;
    }
    const running = platform;
    logger.info(
      {
        gateway: running.gateway.url,
        nats: env.NATS_URL,
        natsCredentials: env.NATS_CREDENTIALS_FILE,
        user: running.user.url,
        webhooks: running.webhook.url,
        organizations: running.org.url,
        subscriptions: running.subscription.url,
        devices: running.device.url,
        admin: env.ADMIN_EMAIL,
        database: env.DATABASE_URL ?? `embedded (${env.DATA_DIR ?? '.data'}/)`,
      },
      'platform is up; Ctrl-C stops it. README.md has the walk-through.',
    );
    return {
      logger,
      close: async () => {
        await running.close();
        await broker?.close();
      },
    };
  },
  tracingFor('ops-local', env),
);
