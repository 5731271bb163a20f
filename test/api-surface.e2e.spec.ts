import { describe, expect, it } from 'vitest';
import { usePlatformFixture } from './platform.fixture.js';
import { fillPath, serviceOperations, type Operation } from './security/service-operations.js';

/**
 * Every route of every service, found in its OpenAPI document (made from the controllers' own decorators):
 * each one that is not public refuses a caller without a token. Malformed input is the fuzzer's
 * (security/fuzz.e2e.spec.ts).
 */
const suite = usePlatformFixture();

async function call(op: Operation, path: string, body?: string) {
  const res = await fetch(`${op.baseUrl}${path}`, {
    method: op.method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body,
  });
  await res.arrayBuffer();
  return res.status;
}

const operations = () => serviceOperations(suite.f.platform);

describe('the API surface', () => {
  it("documents every service's routes in OpenAPI, generated from the code", async () => {
    const ops = await operations();
    const has = (method: string, path: string) => ops.some((o) => o.method === method && o.path === path);
    expect(has('POST', '/auth/register')).toBe(true);
    expect(has('POST', '/api/v1/org')).toBe(true);
    expect(has('PATCH', '/api/v1/admin/subscriptions/{email}')).toBe(true);
    expect(has('POST', '/api/v1/devices/heartbeat')).toBe(true);
    expect(has('POST', '/api/v1/webhooks/replays')).toBe(true);
    expect(ops.length).toBeGreaterThan(50);
  });

  it('refuses every route that is not public to a caller without a token', async () => {
    const refused: string[] = [];
    for (const op of await operations()) {
      if (op.public) continue;
      const values = Object.fromEntries(op.parameters.filter((p) => p.in === 'path').map((p) => [p.name, 'x']));
      const status = await call(op, fillPath(op.path, values), op.body ? '{}' : undefined);
      if (status !== 401) refused.push(`${op.method} ${op.path}: ${status}`);
    }
    expect(refused).toEqual([]);
  });
});
