import { HttpException } from '@nestjs/common';
import { isDatabaseUnavailableError, isInvalidTextError } from './database-errors.js';
import { ApiError, errorCodes, type ErrorCode, type Issue } from './errors.js';

/** What a caller is told about an error: the documented body (less the request id) and its status. */
export interface ErrorResponse {
  status: number;
  body: { code: ErrorCode; message: string; issues?: Issue[] };
  headers?: Record<string, string>;
}

/** How long a caller should wait before retrying while the database is unreachable, in seconds. */
export const DATABASE_RETRY_AFTER_S = 5;

/** Fastify's own errors (body parsing, routing), raised before a handler runs, mapped to our catalogue. */
const fastifyCodes: Record<string, { code: ErrorCode; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'OPS_ERR_INVALID_JSON', message: 'body: not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'OPS_ERR_INVALID_JSON', message: 'body: empty, but the content-type is application/json' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'OPS_ERR_PAYLOAD_TOO_LARGE', message: 'body: larger than the limit' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'OPS_ERR_UNSUPPORTED_MEDIA_TYPE', message: 'body: send application/json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'OPS_ERR_VALIDATION', message: 'content-length does not match the body' },
  FST_ERR_CTP_INVALID_TYPE: { code: 'OPS_ERR_UNSUPPORTED_MEDIA_TYPE', message: 'content-type: not a valid media type' },
  FST_ERR_BAD_URL: { code: 'OPS_ERR_VALIDATION', message: 'path: not a valid URL encoding' },
  FST_ERR_MAX_PARAM_LENGTH: { code: 'OPS_ERR_URI_TOO_LONG', message: 'path: a segment is longer than 512 characters' },
};

/** The error of a status Fastify or Nest chose, when nothing more specific is known. */
function byStatus(status: number, message: string): ErrorResponse {
  const known = Object.entries(errorCodes).find(([, c]) => c.status === status)?.[0] as ErrorCode | undefined;
  if (status === 404) return { status, body: { code: 'OPS_ERR_NOT_FOUND', message: 'no such route' } };
  if (known && status !== 400) return { status, body: { code: known, message } };
  if (status >= 400 && status < 500) return { status, body: { code: 'OPS_ERR_VALIDATION', message } };
  return internal;
}

const internal: ErrorResponse = { status: 500, body: { code: 'OPS_ERR_INTERNAL', message: 'internal error' } };

/**
 * Renders any error in the documented shape. Only a bug gives a 500: caller errors (ours, Fastify's,
 * Nest's, text PostgreSQL refuses) are 4xx, and an unreachable database is a 503 with `Retry-After`.
 */
export function errorResponse(exception: unknown): ErrorResponse {
  if (exception instanceof ApiError) {
    return {
      status: exception.status,
      body: { code: exception.code, message: exception.message, issues: exception.issues },
      headers: exception.headers,
    };
  }
  // Nest wraps Fastify's 4xx errors in an HttpException whose cause is the original.
  const original = exception instanceof HttpException && exception.cause ? exception.cause : exception;
  const fastifyCode = (original as { code?: unknown })?.code;
  if (typeof fastifyCode === 'string' && fastifyCodes[fastifyCode]) {
    const { code, message } = fastifyCodes[fastifyCode];
    return { status: errorCodes[code].status, body: { code, message } };
  }
  if (isInvalidTextError(exception))
    return {
      status: 400,
      body: { code: 'OPS_ERR_VALIDATION', message: 'a text field holds characters the database refuses (NUL or invalid UTF-8)' },
    };
  if (isDatabaseUnavailableError(exception)) {
    return {
      status: 503,
      body: { code: 'OPS_ERR_UNAVAILABLE', message: 'the database is unavailable; try again shortly' },
      headers: { 'retry-after': String(DATABASE_RETRY_AFTER_S) },
    };
  }
  if (exception instanceof HttpException) return byStatus(exception.getStatus(), exception.message);
  // Fastify's other errors carry their status (4xx for the caller's mistakes).
  const statusCode = (original as { statusCode?: unknown })?.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500)
    return byStatus(statusCode, (original as Error).message ?? 'bad request');
  return internal;
}
