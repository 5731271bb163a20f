import { loadConfig, orgRolesEnv, runtimeEnv } from '@ops/runtime';
import { z } from 'zod';

export const deviceEnv = {
  ...runtimeEnv,
  ...orgRolesEnv,
  DEVICE_PORT: z.coerce.number().int().min(0).max(65535).default(8087),
  HOST: z.string().default('127.0.0.1'),
  JWKS_URL: z.url().default('http://127.0.0.1:8081/.well-known/jwks.json'),
  /** A device whose heartbeats stopped for this long is marked offline. */
  DEVICE_OFFLINE_AFTER_MS: z.coerce.number().int().min(1000).default(90_000),
  /** How often last-seen times are written (one statement for every device heard from) and offline devices looked for. */
  DEVICE_PRESENCE_INTERVAL_MS: z.coerce.number().int().min(100).default(10_000),
  /** How long a device's credential, status and open alerts, and an organization's rules, are cached per process. */
  DEVICE_CACHE_MS: z.coerce.number().int().min(0).default(30_000),
};

export type DeviceConfig = ReturnType<typeof loadDeviceConfig>;

export function loadDeviceConfig(env: Record<string, string | undefined> = process.env) {
  return loadConfig(deviceEnv, env);
}
