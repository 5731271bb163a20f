import { describe, expect, it } from 'vitest';
import { mergeDocuments } from './merge-documents.js';
import type { OpenAPIObject } from './openapi.js';

const info = { title: 'All', version: '1' };
const serviceDocument = (paths: OpenAPIObject['paths']): OpenAPIObject => ({
  openapi: '3.1.0',
  info: { title: 'one service', version: '1' },
  paths,
  components: { schemas: { Error: { type: 'object' } }, responses: {}, securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
});
const operation = (operationId: string) => ({ operationId, responses: { 200: { description: 'OK' } } });

describe('mergeDocuments', () => {
  it("puts every service's paths and shared components in one document", () => {
    const merged = mergeDocuments(info, {
      user: serviceDocument({ '/auth/me': { get: operation('accountsMe') } }),
      webhook: serviceDocument({ '/api/v1/webhooks': { get: operation('endpointsList'), post: operation('endpointsCreate') } }),
    });
    expect(merged.info).toEqual(info);
    expect(Object.keys(merged.paths)).toEqual(['/auth/me', '/api/v1/webhooks']);
    expect(Object.keys(merged.paths['/api/v1/webhooks']!)).toEqual(['get', 'post']);
    expect(merged.components?.schemas).toEqual({ Error: { type: 'object' } });
    expect(merged.security).toEqual([{ bearer: [] }]);
  });

  it('refuses an operation documented by two services, or one operation id used twice', () => {
    expect(() =>
      mergeDocuments(info, {
        user: serviceDocument({ '/x': { get: operation('a') } }),
        org: serviceDocument({ '/x': { get: operation('b') } }),
      }),
    ).toThrow('org and user both document GET /x');
    expect(() =>
      mergeDocuments(info, {
        user: serviceDocument({ '/x': { get: operation('same') } }),
        org: serviceDocument({ '/y': { get: operation('same') } }),
      }),
    ).toThrow(/org and user both document GET \/y \(operation same\)/);
  });
});
