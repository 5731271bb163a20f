import { createRequire } from 'node:module';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from '@ops/http';

const require = createRequire(import.meta.url);

/** Swagger UI's own start-up script, pointed at the gateway's document instead of the pet store. */
const initializer = `window.onload = function () {
  window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true, presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: 'StandaloneLayout' });
};
`;

/**
 * `GET /docs`: Swagger UI, served from the swagger-ui-dist package (no CDN: it works where the gateway has no
 * way out), reading `/openapi.json`.
 */
export function apiViewer() {
  return async (fastify: FastifyInstance) => {
    const root = (require('swagger-ui-dist/absolute-path.js') as () => string)();
    fastify.get('/docs', async (_request, reply) => reply.redirect('/docs/', 302));
    fastify.get('/docs/swagger-initializer.js', async (_request, reply) => reply.type('application/javascript').send(initializer));
    await fastify.register(fastifyStatic, { root, prefix: '/docs/', index: ['index.html'], decorateReply: false });
  };
}
