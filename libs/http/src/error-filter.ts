import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Logger } from '@ops/logger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { throwError, type Observable } from 'rxjs';
import { errorResponse } from './error-response.js';

/**
 * Sends any error as `{ code, message, issues?, request_id }` (error-response.ts), and logs server-side
 * failures: bugs at error, an unreachable database at warn. Used by Nest's filter and by the hooks that
 * answer before Nest sees a request (create-http-app.ts).
 */
export function sendError(logger: Logger, request: FastifyRequest, reply: FastifyReply, exception: unknown): void {
  const { status, body, headers } = errorResponse(exception);
  if (status === 503) logger.warn({ err: exception, reqId: request.id, url: request.url }, 'request refused: database unavailable');
  else if (status >= 500) logger.error({ err: exception, reqId: request.id, url: request.url }, 'request failed');
  if (headers) void reply.headers(headers);
  // Set here as well as in the onSend hook: the router's own errors are sent without hooks.
  void reply.header('cache-control', 'no-store');
  void reply.status(status).send({ ...body, request_id: request.id });
}

/**
 * Renders every error a controller, guard or pipe throws; only a bug gives a 500. The stream consumers inherit
 * the filter (`inheritAppConfig`): their errors go back unchanged, as the errored Observable the transport
 * awaits, so that the message is nak'd and redelivered.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): Observable<never> | undefined {
    if (host.getType() !== 'http') return throwError(() => exception);
    const http = host.switchToHttp();
    sendError(this.logger, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), exception);
    return undefined;
  }
}
