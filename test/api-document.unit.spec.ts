import { readFile } from 'node:fs/promises';
import { apiClientTypes, documentText, platformApiDocument } from '@ops/local/api-document';
import { describe, expect, it } from 'vitest';

const committed = (path: string) => readFile(new URL(`../libs/api-client/${path}`, import.meta.url), 'utf8');

/** The client is generated from a committed document: both must be what the code makes today. */
describe('libs/api-client', () => {
  it('commits the document the services build (run `pnpm api:client` after changing a route)', async () => {
    expect(await committed('openapi.json')).toBe(documentText(await platformApiDocument()));
  });

  it('commits the types openapi-typescript makes from that document', async () => {
    expect(await committed('src/schema.ts')).toBe(await apiClientTypes(JSON.parse(await committed('openapi.json'))));
  });

  it('documents every operation with an id, a tag, a success response and the catalogue errors', async () => {
    const document = JSON.parse(await committed('openapi.json')) as {
      paths: Record<string, Record<string, { operationId?: string; tags?: string[]; responses: Record<string, unknown> }>>;
    };
    const operations = Object.values(document.paths).flatMap((item) => Object.values(item));
    expect(operations.length).toBeGreaterThan(60);
    for (const op of operations) {
      expect(op.operationId, JSON.stringify(op).slice(0, 200)).toMatch(/^[a-z][A-Za-z]+$/);
      expect(op.tags?.length, op.operationId).toBeGreaterThan(0);
      expect(
        Object.keys(op.responses).some((status) => /^2\d\d$/.test(status)),
        op.operationId,
      ).toBe(true);
      expect(op.responses['500'], op.operationId).toEqual({ $ref: '#/components/responses/Error500' });
    }
  });
});
