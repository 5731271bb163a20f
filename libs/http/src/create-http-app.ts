import { randomUUID } from 'node:crypto';
import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from '@ops/logger';
import { ErrorFilter } from './error-filter.js';
import { NestPinoLogger } from './nest-logger.js';

export interface HttpAppOptions {
  logger: Logger;
  /** Larger bodies get a 413. Default 256 KiB. */
  bodyLimitBytes?: number;
  /**
   * Proxies whose `X-Forwarded-For` is believed for the caller's address (comma-separated addresses or CIDRs):
   * the gateway's. Default none: the address is the connection's.
   */
  trustProxy?: string;
  /** Keep each request's raw body as `request.rawBody` (to verify a signature over the bytes received). */
  rawBody?: boolean;
}

/**
 * A Nest application on Fastify with our error rendering and logging. Request ids come from the
 * `x-request-id` header when a gateway set one, and appear on every log line of the request.
 */
export async function createHttpApp(module: Type<unknown> | DynamicModule, options: HttpAppOptions): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: options.bodyLimitBytes ?? 256 * 1024,
    ...(options.trustProxy && { trustProxy: options.trustProxy }),
    // Per-request lines would double the log volume on the hot path; errors are logged by the filter with their request id.
    loggerInstance: options.logger.child({ component: 'http' }, { level: options.logger.levelVal > 40 ? options.logger.level : 'warn' }),
    requestIdHeader: 'x-request-id',
    // Unique across processes, so that one id follows a request from the gateway into every service's logs.
    genReqId: () => randomUUID(),
  });
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    logger: new NestPinoLogger(options.logger),
    abortOnError: false,
    rawBody: options.rawBody ?? false,
  });
  app.useGlobalFilters(new ErrorFilter(options.logger));
  app.enableShutdownHooks();
  return app;
}

export type { INestApplication, NestFastifyApplication };
