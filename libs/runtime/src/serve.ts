import { startTracing, type Tracing } from '@ops/tracing';
import { runUntilSignal, type RunningService } from './run-until-signal.js';

/**
 * A service process's main: tracing first (when OTEL_EXPORTER_OTLP_ENDPOINT is set), then the service, run
 * until a signal; the last spans are exported after the service closed. `start` imports the service itself
 * (`() => import('./user-service.js').then((m) => m.startUserService())`), so that the service's modules load
 * after tracing is in place. The variables are validated again with the service's configuration.
 */
export async function serve(
  service: string,
  start: () => Promise<RunningService>,
  env: Record<string, string | undefined> = process.env,
): Promise<void> {
  await runUntilSignal(start, tracingFor(service, env));
}

/** The process's tracing from `OTEL_EXPORTER_OTLP_ENDPOINT` and `OTEL_BSP_SCHEDULE_DELAY`; undefined when off. */
export function tracingFor(service: string, env: Record<string, string | undefined>): Tracing | undefined {
  const delay = Number(env.OTEL_BSP_SCHEDULE_DELAY);
  return startTracing({
    serviceName: service,
    endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT || undefined,
    scheduleDelayMs: Number.isFinite(delay) && delay > 0 ? delay : undefined,
  });
}
