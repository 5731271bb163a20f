import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';

export interface TracingOptions {
  /** The process's `service.name`: one per deployable (`user`, `webhook`, `ops-local` for all in one). */
  serviceName: string;
  /**
   * The OTLP/HTTP collector's base URL (`OTEL_EXPORTER_OTLP_ENDPOINT`), spans going to `<it>/v1/traces`.
   * Unset: tracing stays off, and the API's no-op tracer costs nothing measurable.
   */
  endpoint?: string;
  /** How long finished spans wait to be exported together, in ms (`OTEL_BSP_SCHEDULE_DELAY`). Default 5000. */
  scheduleDelayMs?: number;
}

/** A process's tracing: flushed and closed once, at the end of the shutdown. */
export interface Tracing {
  /** Exports the spans still waiting, then stops. */
  shutdown(): Promise<void>;
}

/**
 * Registers the process's tracer provider (with the AsyncLocalStorage context manager and the W3C trace
 * context propagator) when an endpoint is given; undefined otherwise. Called before the service is
 * imported, in main.ts, so that everything after runs with tracing in place.
 */
export function startTracing(options: TracingOptions): Tracing | undefined {
  if (!options.endpoint) return undefined;
  const exporter = new OTLPTraceExporter({ url: `${options.endpoint.replace(/\/+$/, '')}/v1/traces` });
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName }),
    spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: options.scheduleDelayMs ?? 5000 })],
  });
  provider.register();
  return { shutdown: () => provider.shutdown() };
}
