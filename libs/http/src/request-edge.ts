import { randomUUID } from 'node:crypto';
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '@ops/logger';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from './error-filter.js';
import { errorCodes, ValidationError, type ErrorCode } from './errors.js';
import { nulCharacterIssues } from './nul-characters.js';

/** A request id a caller (or the gateway) may choose: short, printable, no separators that could forge a log line. */
const acceptableRequestId = /^[A-Za-z0-9._:-]{1,128}$/;

/** The id of a request: the `x-request-id` it came with when that is an acceptable one, else a new UUID. */
export function requestIdOf(raw: IncomingMessage): string {
  const given = raw.headers['x-request-id'];
  return typeof given === 'string' && acceptableRequestId.test(given) ? given : randomUUID();
}

/** Path parameters by the name a caller knows: a gateway's wildcard is the path itself. */
const paramsByName = (params: unknown) =>
  params && typeof params === 'object' && '*' in params ? { path: (params as Record<string, unknown>)['*'] } : params;

/**
 * The checks and defaults every request passes through before (and after) a handler, on the Fastify
 * instance itself, so that they hold for routes no pipe validates (path ids, the gateway's proxy routes).
 */
export function installRequestEdge(fastify: FastifyInstance, logger: Logger): void {
  fastify.addHook('preHandler', async (request, reply) => {
    const issues = [request.params, request.query, request.body].flatMap((value, i) =>
      nulCharacterIssues(i === 0 ? paramsByName(value) : value),
    );
    if (issues.length > 0) {
      sendError(logger, request, reply, new ValidationError(issues));
      return reply;
    }
  });
  // Responses may carry tokens or secrets (sign-in, endpoint secrets, device credentials): no cache, no
  // proxy or browser, keeps any of them. A route that wants caching sets its own Cache-Control.
  fastify.addHook('onSend', async (_request, reply) => {
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
  });
}

/** Fastify's router errors (bad URL encoding, an over-long path segment), raised before any hook runs. */
export function frameworkErrorHandler(logger: Logger) {
  return (error: Error, request: FastifyRequest, reply: FastifyReply) => sendError(logger, request, reply, error);
}

const clientErrorCodes: Record<string, ErrorCode> = {
  HPE_HEADER_OVERFLOW: 'OPS_ERR_HEADERS_TOO_LARGE',
  ERR_HTTP_REQUEST_TIMEOUT: 'OPS_ERR_REQUEST_TIMEOUT',
};

/**
 * Requests Node's HTTP parser refuses (headers over 16 KiB, malformed HTTP, a timeout) never reach Fastify:
 * answered here in the documented shape, then the connection is closed as Node would.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const code = clientErrorCodes[error.code ?? ''] ?? 'OPS_ERR_VALIDATION';
    const status = errorCodes[code].status;
    const message = code === 'OPS_ERR_VALIDATION' ? 'malformed HTTP request' : errorCodes[code].summary;
    const body = JSON.stringify({ code, message, request_id: randomUUID() });
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
