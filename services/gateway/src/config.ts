import { loadConfig, tracingEnv } from '@ops/runtime';
import { z } from 'zod';

export const gatewayEnv = {
  GATEWAY_PORT: z.coerce.number().int().min(0).max(65535).default(8084),
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_PRETTY: z.enum(['true', 'false']).optional(),
  /** Where each service answers. */
  USER_URL: z.url().default('http://127.0.0.1:8081'),
  WEBHOOK_URL: z.url().default('http://127.0.0.1:8082'),
  ORG_URL: z.url().default('http://127.0.0.1:8085'),
  SUBSCRIPTION_URL: z.url().default('http://127.0.0.1:8086'),
  DEVICE_URL: z.url().default('http://127.0.0.1:8087'),
  ...tracingEnv,
  /** The built console, served at /console. Unset: apps/console/dist of the checkout this gateway runs from. */
  CONSOLE_DIR: z.string().min(1).optional(),
  /**
   * Who may show the console in a frame (the portal embedded in another site): the CSP `frame-ancestors`
   * sources, space-separated, e.g. `'self' https://app.example.com`. `'none'` forbids every frame.
   */
  CONSOLE_FRAME_ANCESTORS: z
    .string()
    .regex(
      /^('self'|'none'|https?:\/\/[A-Za-z0-9.*:-]+)( ('self'|https?:\/\/[A-Za-z0-9.*:-]+))*$/,
      "space-separated 'self', 'none' or http(s) origins",
    )
    .default("'self'"),
};

export type GatewayConfig = ReturnType<typeof loadGatewayConfig>;

export function loadGatewayConfig(env: Record<string, string | undefined> = process.env) {
  return loadConfig(gatewayEnv, env);
}
