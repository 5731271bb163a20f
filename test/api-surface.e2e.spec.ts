import { describe, expect, it } from 'vitest';
import { usePlatformFixture } from './platform.fixture.js';

/**
 * Every route of every service, found in its OpenAPI document (made from the controllers' own decorators):
 * each one that is not public refuses a caller without a token, and none answers 5xx to malformed input.
 */
const suite = usePlatformFixture();

interface Operation {
  service: string;
  url: string;
  method: string;
  path: string;
  public: boolean;
  hasBody: boolean;
}

async function operations(): Promise<Operation[]> {
  const { user, org, subscription, device, webhook } = suite.f.platform;
  const services = { user: user.url, org: org.url, subscription: subscription.url, device: device.url, webhook: webhook.url };
  const all: Operation[] = [];
  for (const [service, url] of Object.entries(services)) {
    const document = (await (await fetch(`${url}/openapi.json`)).json()) as { paths: Record<string, Record<string, { security?: unknown[]; requestBody?: unknown }>> };
    for (const [path, byMethod] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(byMethod)) {
        all.push({ service, url, method: method.toUpperCase(), path, public: Array.isArray(operation.security) && operation.security.length === 0, hasBody: Boolean(operation.requestBody) });
      }
    }
  }
  return all;
}

const concrete = (path: string, value: string) => path.replace(/\{[^}]+\}/g, encodeURIComponent(value));

async function call(op: Operation, path: string, token: string | undefined, body?: string, query = '') {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${op.url}${path}${query}`, { method: op.method, headers, body });
  await res.arrayBuffer();
  return res.status;
}

// These end the admin's own session or account: called with junk, they would still do it.
const selfEnding = (op: Operation) => (op.method === 'POST' && op.path === '/auth/logout') || (op.method === 'DELETE' && op.path === '/auth/me');

describe('the API surface', () => {
  it('documents every service\'s routes in OpenAPI, generated from the code', async () => {
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
      const status = await call(op, concrete(op.path, 'x'), undefined, op.hasBody ? '{}' : undefined);
      if (status !== 401) refused.push(`${op.method} ${op.path}: ${status}`);
    }
    expect(refused).toEqual([]);
  });

  it('answers malformed input with a 4xx, never a 5xx, on every route', async () => {
    const failures: string[] = [];
    const bodies = ['{"unexpected": true}', '[]', '"text"', '{"email": 12, "url": "javascript:alert(1)", "events": {}, "limit": -1}'];
    const params = ['x', 'x'.repeat(300), '../../etc/passwd', '%00'];
    for (const op of await operations()) {
      if (selfEnding(op)) continue;
      for (const param of params) {
        for (const body of op.hasBody ? bodies : [undefined]) {
          const status = await call(op, concrete(op.path, param), suite.f.adminToken, body, '?limit=-5&unexpected=1');
          if (status >= 500) failures.push(`${op.method} ${op.path} [${param.slice(0, 10)}] ${body ?? ''}: ${status}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
