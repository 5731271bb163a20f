import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from '@ops/logger';
import { ErrorFilter } from './error-filter.js';
import { NestPinoLogger } from './nest-logger.js';
import { observeRequests } from './request-telemetry.js';
import { clientErrorHandler, frameworkErrorHandler, installRequestEdge, requestIdOf } from './request-edge.js';

/** The body limit of every service and of the gateway in front of them, in bytes (256 KiB). */
export const DEFAULT_BODY_LIMIT_BYTES = 256 * 1024;

/** The longest path segment (an id, an email) the router accepts; longer is a 414. Emails reach 254 characters. */
const MAX_PATH_SEGMENT_LENGTH = 512;

export interface HttpAppOptions {
  logger: Logger;
  /** Larger bodies get a 413. Default DEFAULT_BODY_LIMIT_BYTES. */
  bodyLimitBytes?: number;
  /**
   * Proxies whose `X-Forwarded-For` is believed for the caller's address (comma-separated addresses or CIDRs):
   * the gateway's. Default none: the address is the connection's.
   */
  trustProxy?: string;
  /** Keep each request's raw body as `request.rawBody` (to verify a signature over the bytes received). */
  rawBody?: boolean;
  /** The service's name: its request spans' instrumentation scope. Default `http`. */
  service?: string;
}

/**
 * A Nest application on Fastify with our error rendering and logging. Every error, including those Fastify's
 * router and Node's HTTP parser answer before Nest sees a request, has the documented shape. Request ids come
 * from the `x-request-id` header when a gateway set one, and appear on every log line of the request.
 */
export async function createHttpApp(module: Type<unknown> | DynamicModule, options: HttpAppOptions): Promise<NestFastifyApplication> {
  const logger = options.logger;
  const adapter = new FastifyAdapter({
    bodyLimit: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
    ...(options.trustProxy && { trustProxy: options.trustProxy }),
    // Fastify's own per-request lines are off: observeRequests writes one line per request; errors are logged by the filter.
    loggerInstance: logger.child({ component: 'http' }, { level: logger.levelVal > 40 ? logger.level : 'warn' }),
    // Unique across processes, so that one id follows a request from the gateway into every service's logs.
    genReqId: requestIdOf,
    routerOptions: { maxParamLength: MAX_PATH_SEGMENT_LENGTH },
    frameworkErrors: frameworkErrorHandler(logger),
    clientErrorHandler,
  });
  installRequestEdge(adapter.getInstance(), logger);
  observeRequests(adapter.getInstance(), options.service ?? 'http', logger);
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    logger: new NestPinoLogger(logger),
    abortOnError: false,
    rawBody: options.rawBody ?? false,
  });
  app.useGlobalFilters(new ErrorFilter(logger));
  closeConnectionsWhenClosing(adapter);
  // No enableShutdownHooks(): signals have one owner, runUntilSignal, which closes the app among the rest.
  return app;
}

/**
 * Fastify closes the keep-alive connections idle when it starts closing, but a connection busy then stays
 * open after its response until the client drops it or keepAliveTimeout passes (72 s): a shutdown under load
 * waited that long. So once closing, every response says `Connection: close`, and the server ends the
 * socket after it.
 */
function closeConnectionsWhenClosing(adapter: FastifyAdapter): void {
  const fastify = adapter.getInstance();
  let closing = false;
  fastify.addHook('preClose', async () => {
    closing = true;
  });
  fastify.addHook('onSend', async (_request, reply) => {
    if (closing) void reply.header('connection', 'close');
  });
}

export type { INestApplication, NestFastifyApplication };
export type { FastifyInstance } from 'fastify';
