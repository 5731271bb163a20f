import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Logger } from '@ops/logger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, errorCodes, type ErrorCode } from './errors.js';

/** Fastify's own errors, raised before a handler runs, mapped to our catalogue. */
const fastifyCodes: Record<string, { code: ErrorCode; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'OPS_ERR_INVALID_JSON', message: 'body: not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'OPS_ERR_INVALID_JSON', message: 'body: empty, but the content-type is application/json' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'OPS_ERR_PAYLOAD_TOO_LARGE', message: 'body: larger than the limit' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'OPS_ERR_UNSUPPORTED_MEDIA_TYPE', message: 'body: send application/json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'OPS_ERR_VALIDATION', message: 'content-length does not match the body' },
};

/** Renders every error as `{ code, message, issues?, request_id }`; only a bug gives a 500. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const { status, body } = this.render(exception);
    if (status >= 500) this.logger.error({ err: exception, reqId: request.id, url: request.url }, 'request failed');
    if (exception instanceof ApiError && exception.headers) void reply.headers(exception.headers);
    void reply.status(status).send({ ...body, request_id: request.id });
  }

  private render(exception: unknown): { status: number; body: Record<string, unknown> } {
    if (exception instanceof ApiError) {
      return { status: exception.status, body: { code: exception.code, message: exception.message, issues: exception.issues } };
    }
    // Nest wraps Fastify's 4xx errors in an HttpException whose cause is the original.
    const original = exception instanceof HttpException && exception.cause ? exception.cause : exception;
    const fastifyCode = (original as { code?: string })?.code;
    if (fastifyCode && fastifyCodes[fastifyCode]) {
      const { code, message } = fastifyCodes[fastifyCode];
      return { status: errorCodes[code].status, body: { code, message } };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status === 404) return { status, body: { code: 'OPS_ERR_NOT_FOUND', message: 'no such route' } };
      if (status === 401) return { status, body: { code: 'OPS_ERR_UNAUTHENTICATED', message: exception.message } };
      if (status === 403) return { status, body: { code: 'OPS_ERR_FORBIDDEN', message: exception.message } };
      if (status < 500) return { status, body: { code: 'OPS_ERR_VALIDATION', message: exception.message } };
    }
    return { status: 500, body: { code: 'OPS_ERR_INTERNAL', message: 'internal error' } };
  }
}
