import { api, freePort } from '@ops/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatewayService, type GatewayService } from './gateway-service.js';

let gateway: GatewayService;

beforeAll(async () => {
  // A free port nothing listens on: every upstream refuses.
  const port = await freePort();
  gateway = await startGatewayService({
    GATEWAY_PORT: '0',
    LOG_LEVEL: 'silent',
    USER_URL: `http://127.0.0.1:${port}`,
    WEBHOOK_URL: `http://127.0.0.1:${port}`,
  });
});
afterAll(async () => {
  await gateway?.close();
});

describe('gateway without its services', () => {
  it('answers 502 naming the service, with a request id', async () => {
    const res = await api(gateway.url).post('/auth/register', { email: 'a@example.com', password: 'longenough', name: 'A' });
    expect(res.status).toBe(502);
    expect(res.body).toMatchObject({ code: 'OPS_ERR_UPSTREAM', message: 'user service unavailable', request_id: expect.any(String) });
  });

  it('is alive but not ready, and says which service is missing', async () => {
    expect((await api(gateway.url).get('/health')).status).toBe(200);
    const ready = await api(gateway.url).get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.checks.user).toMatch(/fetch failed|ECONNREFUSED/);
  });

  it('answers 404 in the error format for a path no service owns', async () => {
    const res = await api(gateway.url).get('/api/v1/nothing');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('OPS_ERR_NOT_FOUND');
  });

  it('answers 502 for the API document, naming the first service that does not answer', async () => {
    const res = await api(gateway.url).get('/openapi.json');
    expect(res.status).toBe(502);
    expect(res.body).toMatchObject({
      code: 'OPS_ERR_UPSTREAM',
      message: expect.stringMatching(/^user service unavailable/),
      request_id: expect.any(String),
    });
  });

  it('serves Swagger UI from its package, pointed at /openapi.json', async () => {
    const page = await fetch(`${gateway.url}/docs/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('swagger-ui-bundle.js');
    const bundle = await fetch(`${gateway.url}/docs/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
    await bundle.body?.cancel();
    const init = await fetch(`${gateway.url}/docs/swagger-initializer.js`);
    expect(await init.text()).toContain("url: '/openapi.json'");
    const bare = await fetch(`${gateway.url}/docs`, { redirect: 'manual' });
    expect([bare.status, bare.headers.get('location')]).toEqual([302, '/docs/']);
  });
});
