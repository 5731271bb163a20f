export { startTracing, type Tracing, type TracingOptions } from './start-tracing.js';
export { activeTraceIds, contextOf, currentTraceparent, inSpan, runIn, startSpan, type SpanOptions, type Traceparent } from './trace-context.js';
export { SpanKind, SpanStatusCode, type Span } from '@opentelemetry/api';
