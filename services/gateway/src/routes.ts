import type { GatewayConfig } from './config.js';

/** One public path prefix and the service that answers it. Paths are passed on unchanged. */
export interface Route {
  prefix: string;
  upstream: string;
  service: string;
}

/**
 * The old design's paths, each owned by one service. Longest prefixes first is not needed: no prefix here
 * is a prefix of another.
 */
export function routes(config: GatewayConfig): Route[] {
  return [
    { prefix: '/auth', upstream: config.USER_URL, service: 'user' },
    { prefix: '/.well-known', upstream: config.USER_URL, service: 'user' },
    { prefix: '/api/v1/admin/users', upstream: config.USER_URL, service: 'user' },
    { prefix: '/api/v1/webhooks', upstream: config.WEBHOOK_URL, service: 'webhook' },
    { prefix: '/api/v1/org', upstream: config.ORG_URL, service: 'org' },
    { prefix: '/api/v1/admin/webhooks', upstream: config.WEBHOOK_URL, service: 'webhook' },
    { prefix: '/api/v1/admin/subscriptions', upstream: config.SUBSCRIPTION_URL, service: 'subscription' },
    { prefix: '/api/v1/subscriptions', upstream: config.SUBSCRIPTION_URL, service: 'subscription' },
    { prefix: '/api/v1/billing', upstream: config.SUBSCRIPTION_URL, service: 'subscription' },
    { prefix: '/api/v1/devices', upstream: config.DEVICE_URL, service: 'device' },
    // Each service's outbox, for operators (opsctl outbox).
    { prefix: '/api/v1/admin/outbox/user', upstream: config.USER_URL, service: 'user' },
    { prefix: '/api/v1/admin/outbox/org', upstream: config.ORG_URL, service: 'org' },
    { prefix: '/api/v1/admin/outbox/subscription', upstream: config.SUBSCRIPTION_URL, service: 'subscription' },
    { prefix: '/api/v1/admin/outbox/device', upstream: config.DEVICE_URL, service: 'device' },
    { prefix: '/api/v1/admin/outbox/webhook', upstream: config.WEBHOOK_URL, service: 'webhook' },
  ];
}
