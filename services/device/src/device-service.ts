import 'reflect-metadata';
import { fileURLToPath } from 'node:url';
import { TokenVerifier } from '@ops/auth';
import type { NestFastifyApplication } from '@ops/http';
import type { Logger } from '@ops/logger';
import { orgMemberships, ServiceKit, systemClock, type Clock, type Runtime } from '@ops/runtime';
import { AlertEvaluator } from './alerts/alert-evaluator.js';
import { AlertRules } from './alerts/alert-rules.js';
import { DeviceAppModule } from './app.module.js';
import { loadDeviceConfig } from './config.js';
import { Presence } from './heartbeats/presence.js';
import { outbox } from './schema.js';

/** The environment variables this service reads (docs/operations.md and .env.example are checked against it). */
export { deviceEnv } from './config.js';
/** The service's API as documented (`GET /openapi.json`, `pnpm api:client`). */
export { deviceApi } from './app.module.js';

export interface DeviceService {
  app: NestFastifyApplication;
  runtime: Runtime;
  /** Heartbeats in memory, last-seen flushes and offline detection; tests call `runOnce` after moving their clock. */
  presence: Presence;
  url: string;
  /** Where the service logs, its shutdown steps included. */
  logger: Logger;
  close(): Promise<void>;
}

export interface DeviceServiceOverrides {
  logger?: Logger;
  verifier?: TokenVerifier;
  /** Time for heartbeats and offline detection (tests: a ManualClock). */
  clock?: Clock;
}

const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));

/** Starts the device service: devices and alert rules API, heartbeats, and the presence pass. */
export async function startDeviceService(
  env: Record<string, string | undefined> = process.env,
  overrides: DeviceServiceOverrides = {},
): Promise<DeviceService> {
  const config = loadDeviceConfig(env);
  const memberships = orgMemberships(config);
  const kit = await ServiceKit.open({
    service: 'device',
    schema: 'devices',
    config,
    migrationsFolder,
    outbox,
    logger: overrides.logger,
    revocations: true,
    roleCache: memberships,
  });
  const { runtime } = kit;
  const clock = overrides.clock ?? systemClock;
  const rules = new AlertRules(runtime.database, clock, config.DEVICE_CACHE_MS);
  const presence = new Presence({
    database: runtime.database,
    clock,
    evaluator: new AlertEvaluator(runtime.database, rules),
    logger: runtime.logger.child({ component: 'presence' }),
    offlineAfterMs: config.DEVICE_OFFLINE_AFTER_MS,
    intervalMs: config.DEVICE_PRESENCE_INTERVAL_MS,
    cacheMs: config.DEVICE_CACHE_MS,
  });
  const verifier = overrides.verifier ?? kit.tokenVerifier(config.JWKS_URL);
  kit.consumer({ component: 'organizations', durable: 'device-organizations', filterType: 'organization.deleted' });
  const app = await kit.httpApp(DeviceAppModule.with({ runtime, verifier, memberships, clock, presence, rules }));
  const url = await kit.listen({ port: config.DEVICE_PORT, host: config.HOST, message: 'device service listening' });
  presence.start();
  kit.closeAfterHttp('presence sweep stopped', () => presence.stop());
  return { app, runtime, presence, url, logger: kit.logger, close: () => kit.close() };
}
