import { errorCodes, mergeDocuments, type FastifyInstance, type OpenAPIObject, type ServiceInfo } from '@ops/http';
import type { Logger } from '@ops/logger';
import type { Route } from './routes.js';

/** The title of the document the gateway serves, and the committed one the client is generated from. */
export const platformApiInfo: ServiceInfo = {
  title: 'Ops Center API',
  version: '0.1.0',
  description: 'Every service behind the gateway, on one port. The narrative (ids, pagination, errors, events) is docs/api.md.',
};

/** Longer than a healthy service takes to build its document (once, on first request), short enough for a probe. */
const FETCH_TIMEOUT_MS = 5_000;

/** The services behind the gateway, each once, in the order of the routes table. */
export const upstreamServices = (table: readonly Route[]) => [...new Map(table.map((r) => [r.service, r.upstream]))];

/**
 * `GET /openapi.json`: every service's own document (`<service>/openapi.json`), fetched on each request so it
 * is never older than the services, merged into one. A service that does not answer makes the whole a 502
 * naming it: half a document would read as routes that do not exist.
 */
export function apiDocumentRoute(table: readonly Route[], log: Logger) {
  return async (fastify: FastifyInstance) => {
    fastify.get('/openapi.json', async (request, reply) => {
      const documents: Record<string, OpenAPIObject> = {};
      for (const [service, upstream] of upstreamServices(table)) {
        const document = await fetchDocument(upstream);
        if (document instanceof Error) {
          log.warn({ reqId: request.id, upstream, err: document }, 'upstream document unavailable');
          return reply
            .status(errorCodes.OPS_ERR_UPSTREAM.status)
            .header('cache-control', 'no-store')
            .send({
              code: 'OPS_ERR_UPSTREAM',
              message: `${service} service unavailable: its OpenAPI document could not be read`,
              request_id: request.id,
            });
        }
        documents[service] = document;
      }
      return reply.header('cache-control', 'no-store').send(mergeDocuments(platformApiInfo, documents));
    });
  };
}

async function fetchDocument(upstream: string): Promise<OpenAPIObject | Error> {
  try {
    const res = await fetch(`${upstream}/openapi.json`, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    if (!res.ok) {
      await res.body?.cancel();
      return new Error(`HTTP ${res.status}`);
    }
    return (await res.json()) as OpenAPIObject;
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}
