import {
  context,
  createContextKey,
  isSpanContextValid,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
} from '@opentelemetry/api';

/** A W3C `traceparent` header value (`00-<trace id>-<span id>-<flags>`), as stored with an event. */
export type Traceparent = string;

const getter = {
  get: (carrier: Record<string, string>, key: string) => carrier[key],
  keys: (carrier: Record<string, string>) => Object.keys(carrier),
};

/** The active span's context as a `traceparent`, to store or send; null when nothing is traced. */
export function currentTraceparent(): Traceparent | null {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ?? null;
}

/**
 * The context a stored or received `traceparent` names; with none, a new trace's (never the active context:
 * work started from another's callback, an attempt claimed during some ingest, must not join its trace).
 */
export function contextOf(traceparent: Traceparent | null | undefined): Context {
  if (!traceparent) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, { traceparent }, getter);
}

export interface SpanOptions {
  kind?: SpanKind;
  /** The span's parent, as stored or received (null: none, a new trace); left out, the active span. */
  parent?: Traceparent | null;
  attributes?: Attributes;
}

/**
 * Runs `work` in a new span of `scope` (the service or library, the instrumentation scope's name), ended when
 * `work` settles; a thrown error marks it failed and is thrown on. With tracing off, the span is the API's
 * no-op one and `work` runs as is.
 */
export async function inSpan<T>(scope: string, name: string, options: SpanOptions, work: (span: Span) => Promise<T>): Promise<T> {
  const { span, context: active } = startSpan(scope, name, options);
  try {
    return await context.with(active, () => work(span));
  } catch (err) {
    span.recordException(err as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
    throw err;
  } finally {
    span.end();
  }
}

/** Starts a span that something else ends (an HTTP request, from its first hook to its response). */
export function startSpan(scope: string, name: string, options: SpanOptions = {}): { span: Span; context: Context } {
  const parent = options.parent === undefined ? context.active() : contextOf(options.parent);
  const span = trace.getTracer(scope).startSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes }, parent);
  return { span, context: trace.setSpan(parent, span) };
}

/** Runs `work` with `ctx` active. */
export function runIn<T>(ctx: Context, work: () => T): T {
  return context.with(ctx, work);
}

/** The active span's ids for a log line; undefined when nothing is traced. */
export function activeTraceIds(): { trace_id: string; span_id: string } | undefined {
  const span = trace.getActiveSpan();
  if (!span) return undefined;
  const ids = span.spanContext();
  return isSpanContextValid(ids) ? { trace_id: ids.traceId, span_id: ids.spanId } : undefined;
}

const REQUEST_ID = createContextKey('ops.request_id');

/** `ctx` with the HTTP request id, for the log lines written while it is active. */
export function withRequestId(ctx: Context, requestId: string): Context {
  return ctx.setValue(REQUEST_ID, requestId);
}

/** The request id of the active context (traced requests only). */
export function activeRequestId(): string | undefined {
  return context.active().getValue(REQUEST_ID) as string | undefined;
}
