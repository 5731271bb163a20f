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

    const created = await webhooks.post('/api/v1/webhooks', {
      url: suite.receiver.url,
      events: ['user.created', 'user.login', 'device.online'],
      description: 'Test webhook',
      active: true,
    });
    expect(created.status).toBe(201);
    expect(
      (await gateway.post('/auth/register', { email: 'test@example.com', password: 'SecurePass123!', name: 'Test User' })).status,
    ).toBe(201);
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

  it("serves the walk-through's organization and subscription commands, bodies unchanged", async () => {
    const gateway = api(suite.f.platform.gateway.url);
    const admin = api(suite.f.platform.gateway.url, (await gateway.post('/auth/login/password', ADMIN)).body.access_token);
    expect(
      (await gateway.post('/auth/register', { email: 'user@example.com', password: 'SecurePass123!', name: 'Test User' })).status,
    ).toBe(201);
    const user = api(
      suite.f.platform.gateway.url,
      (await gateway.post('/auth/login/password', { email: 'user@example.com', password: 'SecurePass123!' })).body.access_token,
    );
    const org = await user.post('/api/v1/org', { name: 'Test Organization', plan_tier: 'professional' });
    expect(org).toMatchObject({
      status: 201,
      body: { name: 'Test Organization', plan_tier: 'professional', owner: 'user@example.com', member_count: 1 },
    });
    // The trial is opened from user.created on the stream: the admin's update waits for it.
    const updated = await waitFor('the subscription to exist', async () => {
      const res = await admin.patch('/api/v1/admin/subscriptions/user@example.com', { tier: 'professional', status: 'active' });
      return res.status === 200 ? res : null;
    });
    expect(updated.body).toMatchObject({ email: 'user@example.com', tier: 'professional', status: 'active' });
    expect((await user.patch('/api/v1/admin/subscriptions/user@example.com', { tier: 'enterprise', status: 'active' })).status).toBe(403);
  });

  it('answers 401 for the catalog without a token, as the old design documented', async () => {
    const res = await api(suite.f.platform.gateway.url).get('/api/v1/webhooks/events/available');
    expect(res.status).toBe(401);
  });

  it("passes the caller's x-request-id through and echoes it, or makes one", async () => {
    const given = await fetch(`${suite.f.platform.gateway.url}/auth/me`, { headers: { 'x-request-id': 'trace-123' } });
    expect(given.headers.get('x-request-id')).toBe('trace-123');
    expect(((await given.json()) as { request_id: string }).request_id).toBe('trace-123');
    const made = await fetch(`${suite.f.platform.gateway.url}/auth/me`);
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
