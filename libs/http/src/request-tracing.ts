import { runIn, SpanKind, SpanStatusCode, startSpan, withRequestId, type Context, type Span } from '@ops/tracing';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * One server span per request, continuing a caller's `traceparent`, named by the matched route, with its
 * method, route, status and request id. The handler runs in it (from the last preHandler on, once the body is
 * read), so that what the request writes (outbox rows) and logs carries its trace. With tracing off the span
 * is the API's no-op one.
 */
export function traceRequests(fastify: FastifyInstance, scope: string): void {
  const traced = new WeakMap<FastifyRequest, { span: Span; context: Context }>();
  fastify.addHook('onRequest', (request, _reply, done) => {
    const header = request.headers.traceparent;
    const started = startSpan(scope, request.method, {
      kind: SpanKind.SERVER,
      parent: typeof header === 'string' ? header : null,
      attributes: { 'http.request.method': request.method, 'url.path': request.url.split('?')[0], 'http.request.id': request.id },
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
    const t = traced.get(request);
    if (t) {
      const route = request.routeOptions.url;
      if (route) {
        t.span.updateName(`${request.method} ${route}`);
        t.span.setAttribute('http.route', route);
      }
      t.span.setAttribute('http.response.status_code', reply.statusCode);
      if (reply.statusCode >= 500) t.span.setStatus({ code: SpanStatusCode.ERROR });
      t.span.end();
    }
    done();
  });
}
