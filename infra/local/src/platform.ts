import { startUserService, type UserService } from '@ops/user-service';
import { startWebhookService, type WebhookService } from '@ops/webhook-service';

export interface Platform {
  user: UserService;
  webhook: WebhookService;
  close(): Promise<void>;
}

/**
 * Starts every service in this process, each with its own configuration read from `env` and its own
 * database (embedded by default, or its schema on DATABASE_URL). The webhook service verifies tokens
 * with the user service's JWKS, as it would across machines.
 */
export async function startPlatform(env: Record<string, string | undefined> = process.env): Promise<Platform> {
  const user = await startUserService(env);
  try {
    const webhook = await startWebhookService({ ...env, JWKS_URL: env.JWKS_URL ?? `${user.url}/.well-known/jwks.json` });
    return {
      user,
      webhook,
      async close() {
        await webhook.close();
        await user.close();
      },
    };
  } catch (err) {
    await user.close();
    throw err;
  }
}
