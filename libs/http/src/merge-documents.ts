import type { OpenAPIObject } from '@nestjs/swagger';
import type { ServiceInfo } from './openapi.js';

/**
 * One document from the services' own: the gateway serves it at `/openapi.json`, and the client is generated
 * from it. Every service documents its paths and shares the same `Error` schema, error responses and bearer
 * scheme; a path or an operation id documented by two services is a bug, reported here instead of one
 * silently replacing the other.
 */
export function mergeDocuments(info: ServiceInfo, documents: Record<string, OpenAPIObject>): OpenAPIObject {
  const merged: OpenAPIObject = {
    openapi: '3.1.0',
    info,
    paths: {},
    components: { schemas: {}, responses: {}, securitySchemes: {} },
    security: [{ bearer: [] }],
  };
  const owners = new Map<string, string>();
  for (const [service, document] of Object.entries(documents)) {
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const id = (operation as { operationId?: string }).operationId ?? `${method} ${path}`;
        const seen = owners.get(id) ?? owners.get(`${method} ${path}`);
        if (seen) throw new Error(`${service} and ${seen} both document ${method.toUpperCase()} ${path} (operation ${id})`);
        owners.set(id, service).set(`${method} ${path}`, service);
      }
      merged.paths[path] = { ...merged.paths[path], ...item };
    }
    for (const part of ['schemas', 'responses', 'securitySchemes'] as const)
      Object.assign(merged.components![part]!, document.components?.[part]);
  }
  return merged;
}
