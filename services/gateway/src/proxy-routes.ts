import { Readable } from 'node:stream';
import proxy from '@fastify/http-proxy';
import { DEFAULT_BODY_LIMIT_BYTES, errorCodes, sendError, type FastifyInstance } from '@ops/http';
import type { Logger } from '@ops/logger';
import { currentTraceparent } from '@ops/tracing';
import type { Route } from './routes.js';

/**
 * One proxy per route (@fastify/http-proxy: keep-alive, hop-by-hop headers handled), inside a plugin of our
 * own so that bodies are read here, within the same limit as the services behind: a larger body is a 413
 * from the gateway, instead of a stream the service cuts off mid-way (which the proxy reported as a 502,
 * and logged as an outage). Bodies are forwarded as the exact bytes received (signatures over raw bodies hold).
 */
export function proxyRoutes(table: readonly Route[], log: Logger) {
  return async (fastify: FastifyInstance) => {
    // Read whole (so the limit holds for chunked bodies too), then handed on as a stream of the same bytes:
    // the proxy re-encodes a JSON body it is given parsed.
    const keepBytes = (_request: unknown, body: Buffer, done: (err: Error | null, body?: Readable) => void) =>
      done(null, Readable.from([body]));
    for (const type of ['application/json', '*'])
      fastify.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: DEFAULT_BODY_LIMIT_BYTES }, keepBytes);
    fastify.setErrorHandler((error, request, reply) => sendError(log, request, reply, error));
    for (const route of table) {
      await fastify.register(proxy, {
        upstream: route.upstream,
        prefix: route.prefix,
        rewritePrefix: route.prefix,
        proxyPayloads: false,
        replyOptions: {
          // The caller's address as the gateway saw it (replacing any the caller sent): the user service limits
          // failed sign-ins per address.
          // The gateway's request span is the service's parent when traced (untraced, a caller's traceparent passes).
          rewriteRequestHeaders: (request, headers) => {
            const traceparent = currentTraceparent();
            return { ...headers, 'x-request-id': String(request.id), 'x-forwarded-for': request.ip, ...(traceparent && { traceparent }) };
          },
          onError: (reply, { error }) => {
            log.warn({ reqId: reply.request.id, upstream: route.upstream, err: error }, 'upstream unavailable');
            void reply
              .status(errorCodes.OPS_ERR_UPSTREAM.status)
              .header('cache-control', 'no-store')
              .send({ code: 'OPS_ERR_UPSTREAM', message: `${route.service} service unavailable`, request_id: reply.request.id });
          },
        },
      });
    }
  };
}
