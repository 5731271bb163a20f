import { api, waitFor } from '@ops/testing';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { ADMIN, usePlatformFixture } from './platform.fixture.js';

/** The old design's walk-through, its curl commands unchanged but for the host, through the gateway. */
const suite = usePlatformFixture();

describe('gateway', () => {
  it('serves the walk-through: create a webhook, register, log in, read the deliveries', async () => {
    const gateway = api(suite.f.platform.gateway.url);
    const token = (await gateway.post('/auth/login/password', ADMIN)).body.access_token as string;
    const webhooks = api(suite.f.platform.gateway.url, token);

    const created = await webhooks.post('/api/v1/webhooks', { url: suite.receiver.url, events: ['user.created', 'user.login', 'device.online'], description: 'Test webhook', active: true });
    expect(created.status).toBe(201);
    expect((await gateway.post('/auth/register', { email: 'test@example.com', password: 'SecurePass123!', name: 'Test User' })).status).toBe(201);
    expect((await gateway.post('/auth/login/password', { email: 'test@example.com', password: 'SecurePass123!' })).status).toBe(200);

    const mine = () => suite.receiver.requests.filter((r) => r.body.includes('test@example.com'));
    await waitFor('user.created and user.login for test@example.com', () => mine().length >= 2);
    for (const r of mine()) new Webhook(created.body.secret).verify(r.body, r.headers as Record<string, string>);
    const deliveries = await waitFor('the deliveries in the log', async () => {
      const res = await webhooks.get(`/api/v1/webhooks/${created.body.id}/deliveries?status=succeeded`);
      return res.body.data.length >= 2 ? res.body.data : null;
    });
    expect(deliveries.map((d: { event: string }) => d.event)).toEqual(expect.arrayContaining(['user.created', 'user.login']));
  });

  it('answers 401 for the catalog without a token, as the old design documented', async () => {
    const res = await api(suite.f.platform.gateway.url).get('/api/v1/webhooks/events/available');
    expect(res.status).toBe(401);
  });

  it('passes the caller\'s x-request-id through and echoes it, or makes one', async () => {
    const given = await fetch(`${suite.f.platform.gateway.url}/auth/me`, { headers: { 'x-request-id': 'trace-123' } });
    expect(given.headers.get('x-request-id')).toBe('trace-123');
    expect(((await given.json()) as { request_id: string }).request_id).toBe('trace-123');
    const made = await fetch(`${suite.f.platform.gateway.url}/auth/me`);
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
