import { Module, type DynamicModule } from '@nestjs/common';
import { HealthController, READINESS_CHECKS, type ReadinessCheck } from '@ops/http';
import { sql } from 'drizzle-orm';
import { METRICS, MetricsController } from './metrics.js';
import { OUTBOX_RELAY, OUTBOX_VERIFIER } from './outbox.http.controller.js';
import type { Runtime } from './runtime.js';

/** Injection token of the service's database. */
export const DATABASE = Symbol('DATABASE');
/** Injection token of the service's logger. */
export const LOGGER = Symbol('LOGGER');

/**
 * Readiness every service shares: NATS connected, PostgreSQL answering, outbox not stuck. The answers are
 * public: they name what is wrong in fixed words, and the driver's error (which can quote SQL) goes to the log.
 */
function runtimeChecks(runtime: Runtime, outboxStuckAfterMs = 60_000): Record<string, ReadinessCheck> {
  const checks: Record<string, ReadinessCheck> = {
    nats: async () => runtime.natsLink.problem(),
    database: async () => {
      try {
        await runtime.database.query(runtime.database.orm, sql`select 1`);
        return null;
      } catch (err) {
        runtime.logger.warn({ err }, 'readiness: the database does not answer');
        return 'unreachable';
      }
    },
  };
  const relay = runtime.relay;
  if (relay) {
    checks.outbox = async () => {
      const lag = await relay.lag();
      return lag.oldestAgeMs > outboxStuckAfterMs ? `${lag.pending} events unpublished for ${Math.round(lag.oldestAgeMs / 1000)} s` : null;
    };
  }
  return checks;
}

/** Makes the database and the logger injectable and mounts /health, /health/ready and /metrics. */
@Module({})
export class RuntimeModule {
  static forRoot(runtime: Runtime, checks: Record<string, ReadinessCheck> = {}): DynamicModule {
    return {
      module: RuntimeModule,
      global: true,
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: DATABASE, useValue: runtime.database },
        { provide: LOGGER, useValue: runtime.logger },
        { provide: METRICS, useValue: runtime.metrics },
        { provide: READINESS_CHECKS, useValue: { ...runtimeChecks(runtime), ...checks } },
        ...(runtime.verifier ? [{ provide: OUTBOX_VERIFIER, useValue: runtime.verifier }] : []),
        ...(runtime.relay ? [{ provide: OUTBOX_RELAY, useValue: runtime.relay }] : []),
      ],
      exports: [DATABASE, LOGGER, ...(runtime.verifier ? [OUTBOX_VERIFIER] : []), ...(runtime.relay ? [OUTBOX_RELAY] : [])],
    };
  }
}
