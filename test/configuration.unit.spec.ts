import { readFileSync } from 'node:fs';
import { envExample } from '@ops/local/environment';
import { documentedVariables, everyServiceHeading, services } from '@ops/local/environment-reference';
import { runtimeEnv } from '@ops/runtime';
import { describe, expect, it } from 'vitest';

const root = new URL('../', import.meta.url);
const operationsDoc = readFileSync(new URL('docs/operations.md', root), 'utf8');
const tables = documentedVariables(operationsDoc);

describe('configuration reference', () => {
  it.each(services)('docs/operations.md documents exactly the variables the $name service validates', ({ heading, shape }) => {
    const own = (tables.get(heading) ?? []).map((v) => v.name);
    const readsShared = Object.keys(runtimeEnv).every((name) => name in shape);
    const every = readsShared ? (tables.get(everyServiceHeading) ?? []).map((v) => v.name) : [];
    const documented = new Set([...every, ...own]);
    expect(own.length).toBeGreaterThan(0);
    expect(
      Object.keys(shape).filter((name) => !documented.has(name)),
      'read by the service, missing from the docs',
    ).toEqual([]);
    expect(
      [...documented].filter((name) => !(name in shape)),
      'in the docs, not read by the service',
    ).toEqual([]);
  });

  it('.env.example is generated from the current schemas and docs (run `pnpm env:example`)', () => {
    expect(readFileSync(new URL('.env.example', root), 'utf8')).toBe(envExample(operationsDoc));
  });
});
