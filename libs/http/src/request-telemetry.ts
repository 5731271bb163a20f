import type { Logger } from '@ops/logger';
import { activeTraceIds, runIn, SpanKind, SpanStatusCode, startSpan, withRequestId, type Context, type Span } from '@ops/tracing';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** The route config key that keeps a route's requests out of the request log (QuietRequestLog). */
export const REQUEST_LOG = 'requestLog';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false: no `request` log line for this route. */
    requestLog?: boolean;
  }
}

/**
 * Per request, on the Fastify instance: one server span, continuing a caller's `traceparent`, named by the
 * matched route, with method, route, status and request id; and one `request` log line (method, route, path,
 * status, milliseconds, request id, and the trace's ids when traced), from Fastify's own response timing. The
 * handler runs in the span (from the last preHandler on, once the body is read), so that what the request
 * writes (outbox rows) and logs carries its trace. With tracing off the span is the API's no-op one.
 */
export function observeRequests(fastify: FastifyInstance, scope: string, logger: Logger): void {
  const traced = new WeakMap<FastifyRequest, { span: Span; context: Context }>();
  fastify.addHook('onRequest', (request, _reply, done) => {
    const header = request.headers.traceparent;
    const started = startSpan(scope, request.method, {
      kind: SpanKind.SERVER,
      parent: typeof header === 'string' ? header : null,
      attributes: { 'http.request.method': request.method, 'url.path': pathOf(request), 'http.request.id': request.id },
    });
    traced.set(request, { span: started.span, context: withRequestId(started.context, request.id) });
    done();
  });
  fastify.addHook('preHandler', (request, _reply, done) => {
    const t = traced.get(request);
    if (t) runIn(t.context, done);
    else done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url;
    const t = traced.get(request);
    if (t) {
      if (route) {
        t.span.updateName(`${request.method} ${route}`);
        t.span.setAttribute('http.route', route);
      }
      t.span.setAttribute('http.response.status_code', reply.statusCode);
      if (reply.statusCode >= 500) t.span.setStatus({ code: SpanStatusCode.ERROR });
      t.span.end();
    }
    if (request.routeOptions.config?.requestLog !== false) {
      // onResponse runs outside the request's context: its trace ids are taken from its span.
      const ids = t ? runIn(t.context, activeTraceIds) : undefined;
      logger.info(
        {
          reqId: request.id,
          method: request.method,
          route,
          path: pathOf(request),
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime),
          ...ids,
        },
        'request',
      );
    }
    done();
  });
}

/** The path without its query string, which may carry what must not be logged. */
const pathOf = (request: FastifyRequest) => request.url.split('?')[0];
