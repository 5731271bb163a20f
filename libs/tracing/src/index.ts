export { startTracing, type Tracing, type TracingOptions } from './start-tracing.js';
export {
  activeRequestId,
  activeTraceIds,
  contextOf,
  currentTraceparent,
  inSpan,
  runIn,
  startSpan,
  withRequestId,
  type SpanOptions,
  type Traceparent,
} from './trace-context.js';
export { SpanKind, SpanStatusCode, type Context, type Span } from '@opentelemetry/api';
