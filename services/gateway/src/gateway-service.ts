import 'reflect-metadata';
import { fileURLToPath } from 'node:url';
import { createHttpApp, type NestFastifyApplication } from '@ops/http';
import { createLogger, type Logger } from '@ops/logger';
import { closeInOrder, listenOnLoopback } from '@ops/runtime';
import { apiDocumentRoute } from './api-document.js';
import { apiViewer } from './api-viewer.js';
import { loadGatewayConfig } from './config.js';
import { consoleRoutes } from './console-routes.js';
import { GatewayModule } from './gateway.module.js';
import { proxyRoutes } from './proxy-routes.js';
import { routes } from './routes.js';

/** The environment variables this service reads (docs/operations.md and .env.example are checked against it). */
export { gatewayEnv } from './config.js';
export { platformApiInfo } from './api-document.js';

/** Where `pnpm build` writes the console, from this file in src/ or dist/. */
const builtConsole = fileURLToPath(new URL('../../../apps/console/dist/', import.meta.url));

export interface GatewayService {
  app: NestFastifyApplication;
  url: string;
  /** Where the service logs, its shutdown steps included. */
  logger: Logger;
  close(): Promise<void>;
}

/**
 * The gateway: serves the old design's paths on one port by proxying each prefix to the service that owns
 * it (proxy-routes.ts), within the services' body limit; `/openapi.json` merges the services' documents,
 * `/docs` shows it, and `/console` serves the console (console-routes.ts). Every request gets an id,
 * taken from `x-request-id` or made here, passed upstream and logged on both sides.
 */
export async function startGatewayService(env: Record<string, string | undefined> = process.env, logger?: Logger): Promise<GatewayService> {
  const config = loadGatewayConfig(env);
  const log =
    logger ??
    createLogger({
      name: 'gateway',
      level: config.LOG_LEVEL,
      pretty: config.LOG_PRETTY === undefined ? undefined : config.LOG_PRETTY === 'true',
    });
  const table = routes(config);
  const app = await createHttpApp(GatewayModule.with(table), { logger: log, service: 'gateway' });
  await app.register(proxyRoutes(table, log));
  await app.register(apiDocumentRoute(table, log));
  await app.register(apiViewer());
  await app.register(consoleRoutes({ dir: config.CONSOLE_DIR ?? builtConsole, frameAncestors: config.CONSOLE_FRAME_ANCESTORS }, log));
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  const routesLine = table.map((r) => `${r.prefix} -> ${r.upstream}`);
  const url = await listenOnLoopback(
    app,
    { port: config.GATEWAY_PORT, host: config.HOST, message: 'gateway listening', details: { routes: routesLine } },
    log,
  );
  return {
    app,
    url,
    logger: log,
    close: () => closeInOrder(log, [['HTTP server closed', () => app.close()]]),
  };
}
