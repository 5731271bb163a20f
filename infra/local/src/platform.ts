import { startGatewayService, type GatewayService } from '@ops/gateway-service';
import { startUserService, type UserService } from '@ops/user-service';
import { startWebhookService, type WebhookService } from '@ops/webhook-service';

export interface Platform {
  user: UserService;
  webhook: WebhookService;
  /** The one entry point (:8084): the old design's paths. */
  gateway: GatewayService;
  close(): Promise<void>;
}

/**
 * Starts every service in this process, and the gateway in front of them, each with its own configuration read from `env` and its own
 * database (embedded by default, or its schema on DATABASE_URL). The webhook service verifies tokens
 * with the user service's JWKS, as it would across machines.
 */
export async function startPlatform(env: Record<string, string | undefined> = process.env): Promise<Platform> {
  const started: Array<{ close(): Promise<void> }> = [];
  const closeAll = async () => {
    for (const service of started.reverse()) await service.close();
  };
  try {
    const user = await startUserService(env);
    started.push(user);
    const webhook = await startWebhookService({ ...env, JWKS_URL: env.JWKS_URL ?? `${user.url}/.well-known/jwks.json` });
    started.push(webhook);
    const gateway = await startGatewayService({ ...env, USER_URL: user.url, WEBHOOK_URL: webhook.url });
    started.push(gateway);
    return { user, webhook, gateway, close: closeAll };
  } catch (err) {
    await closeAll();
    throw err;
  }
}
