import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from '@ops/http';
import type { Logger } from '@ops/logger';

export interface ConsoleOptions {
  /** The built app: index.html and assets/. */
  dir: string;
  /** CSP frame-ancestors sources: where the console (the portal) may be embedded. */
  frameAncestors: string;
}

/**
 * The console at /console: the built single-page app, with hash routes, so every page is index.html. Its
 * own CSP: only this origin's scripts, styles and API, framed only by `frameAncestors`. Assets carry a content
 * hash in their names and are cached for good; index.html never (a new build must be picked up at once).
 */
export function consoleRoutes(options: ConsoleOptions, log: Logger) {
  const policy = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${options.frameAncestors}`,
  ].join('; ');
  return async (fastify: FastifyInstance) => {
    fastify.get('/console', (_request, reply) => reply.redirect('/console/', 308));
    if (!existsSync(join(options.dir, 'index.html'))) {
      log.warn({ dir: options.dir }, 'console not built (pnpm build): /console answers 404');
      return;
    }
    fastify.addHook('onSend', async (request, reply) => {
      if (!request.url.startsWith('/console/')) return;
      void reply
        .header('content-security-policy', policy)
        .header('referrer-policy', 'no-referrer')
        .header('x-content-type-options', 'nosniff');
      void reply.header(
        'cache-control',
        request.url.startsWith('/console/assets/') && reply.statusCode === 200 ? 'public, max-age=31536000, immutable' : 'no-store',
      );
    });
    await fastify.register(fastifyStatic, {
      root: options.dir,
      prefix: '/console/',
      wildcard: false,
      index: ['index.html'],
      cacheControl: false,
    });
    // Any other path under /console is a page of the app (a bookmark, a reload): the app routes it.
    fastify.get('/console/*', (_request, reply) => reply.sendFile('index.html'));
  };
}
