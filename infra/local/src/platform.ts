import { startDeviceService, type DeviceService } from '@ops/device-service';
import { startGatewayService, type GatewayService } from '@ops/gateway-service';
import { startOrgService, type OrgService } from '@ops/org-service';
import { startSubscriptionService, type SubscriptionService } from '@ops/subscription-service';
import type { Clock } from '@ops/runtime';
import { startUserService, type Mailer, type UserService } from '@ops/user-service';
import { startWebhookService, type WebhookService } from '@ops/webhook-service';

export interface Platform {
  user: UserService;
  webhook: WebhookService;
  org: OrgService;
  subscription: SubscriptionService;
  device: DeviceService;
  /** The one entry point (:8084): the old design's paths. */
  gateway: GatewayService;
  close(): Promise<void>;
}

/**
 * Starts every service in this process, and the gateway in front of them, each with its own configuration read from `env` and its own
 * database (embedded by default, or its schema on DATABASE_URL). The other services verify tokens
 * with the user service's JWKS, and the webhook service asks the organization service for roles, as they
 * would across machines.
 */
export interface PlatformOverrides {
  /** Time for the time-driven services (billing cycle, device presence): tests move it instead of waiting. */
  clock?: Clock;
  /** Where the user service's emails go instead of SMTP or the log. */
  mailer?: Mailer;
}

export async function startPlatform(env: Record<string, string | undefined> = process.env, overrides: PlatformOverrides = {}): Promise<Platform> {
  const started: Array<{ close(): Promise<void> }> = [];
  const closeAll = async () => {
    for (const service of started.reverse()) await service.close();
  };
  try {
    const user = await startUserService(env, { mailer: overrides.mailer });
    started.push(user);
    const jwks = { JWKS_URL: env.JWKS_URL ?? `${user.url}/.well-known/jwks.json` };
    const org = await startOrgService({ ...env, ...jwks });
    started.push(org);
    const subscription = await startSubscriptionService({ ...env, ...jwks }, { clock: overrides.clock });
    started.push(subscription);
    const device = await startDeviceService({ ...env, ...jwks, ORG_SERVICE_URL: org.url }, { clock: overrides.clock });
    started.push(device);
    const webhook = await startWebhookService({ ...env, ...jwks, ORG_SERVICE_URL: org.url });
    started.push(webhook);
    const gateway = await startGatewayService({ ...env, USER_URL: user.url, WEBHOOK_URL: webhook.url, ORG_URL: org.url, SUBSCRIPTION_URL: subscription.url, DEVICE_URL: device.url });
    started.push(gateway);
    return { user, webhook, org, subscription, device, gateway, close: closeAll };
  } catch (err) {
    await closeAll();
    throw err;
  }
}
