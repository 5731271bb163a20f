import type { NestFastifyApplication } from '@ops/http';
import type { Logger } from '@ops/logger';

/**
 * Listens and returns the URL to reach the app on, logged with `message` (and `details`). Fastify reports `[::1]` when it
 * bound to localhost on both families; the URL names 127.0.0.1, which every client here reaches.
 */
export async function listenOnLoopback(
  app: NestFastifyApplication,
  where: { port: number; host: string; message: string; details?: Record<string, unknown> },
  logger: Logger,
): Promise<string> {
  await app.listen({ port: where.port, host: where.host });
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  logger.info({ url, ...where.details }, where.message);
  return url;
}
