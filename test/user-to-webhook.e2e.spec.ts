import { createEvent } from '@ops/events';
import { Receiver, waitFor } from '@ops/testing';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { usePlatformFixture } from './platform.fixture.js';

const suite = usePlatformFixture();

describe('user service → JetStream → webhook service → receiver', () => {
  it('delivers user.created for a registration, signed, with the documented body', async () => {
    const admin = suite.f.webhooks(suite.f.adminToken);
    const endpoint = await admin.post('/api/v1/webhooks', {
      url: suite.receiver.url,
      events: ['user.created', 'user.login'],
      description: 'e2e',
      active: true,
    });
    expect(endpoint.status).toBe(201);

    const registered = await suite.f.users.post('/auth/register', {
      email: 'e2e@example.com',
      password: 'SecurePass123!',
      name: 'End To End',
    });
    expect(registered.status).toBe(201);

    // Only this test's user: the fixture's admin login may be ingested after the endpoint exists, and is delivered too.
    const mine = () => suite.receiver.requests.filter((r) => r.body.includes('e2e@example.com'));
    const [request] = await waitFor('user.created for e2e@example.com', () => (mine().length >= 1 ? mine() : null));
    const body = new Webhook(endpoint.body.secret).verify(request!.body, request!.headers as Record<string, string>) as Record<string, any>;
    expect(body).toMatchObject({
      event: 'user.created',
      webhook_id: endpoint.body.id,
      id: request!.headers['webhook-id'],
      data: {
        user_id: registered.body.user_id,
        email: 'e2e@example.com',
        name: 'End To End',
        subscription_tier: 'trial',
        created_at: registered.body.created_at,
      },
    });
    expect(Object.keys(body)).toEqual(['id', 'event', 'timestamp', 'data', 'webhook_id']);
    // Field order as the catalog documents it, kept through the outbox and the delivery log.
    expect(Object.keys(body.data)).toEqual(['user_id', 'email', 'name', 'subscription_tier', 'created_at']);

    const login = await suite.f.users.post('/auth/login/password', { email: 'e2e@example.com', password: 'SecurePass123!' });
    expect(login.status).toBe(200);
    await waitFor('user.login for e2e@example.com', () => mine().length >= 2);
    const loginBody = JSON.parse(mine()[1]!.body);
    expect(loginBody).toMatchObject({ event: 'user.login', data: { user_id: registered.body.user_id, email: 'e2e@example.com' } });

    const deliveries = await waitFor('two succeeded deliveries in the log', async () => {
      const res = await admin.get(`/api/v1/webhooks/${endpoint.body.id}/deliveries?status=succeeded`);
      return res.body.data.length === suite.receiver.requests.length ? res.body.data : null;
    });
    expect(deliveries.map((d: { event_id: string }) => d.event_id)).toEqual(
      expect.arrayContaining(mine().map((r) => r.headers['webhook-id'])),
    );
    const created = await admin.get(`/api/v1/webhooks/${endpoint.body.id}/deliveries?event_type=user.created`);
    expect(created.body.data.map((d: { event: string }) => d.event)).toEqual(['user.created']);
  });

  it('keeps organization endpoints to their own organization', async () => {
    const admin = suite.f.webhooks(suite.f.adminToken);
    const [orgA, orgB, platform] = [await Receiver.start(), await Receiver.start(), await Receiver.start()];
    try {
      await admin.post('/api/v1/webhooks', { url: orgA.url, events: ['*'], org_id: 'org_a' });
      await admin.post('/api/v1/webhooks', { url: orgB.url, events: ['*'], org_id: 'org_b' });
      await admin.post('/api/v1/webhooks', { url: platform.url, events: ['user.created', 'device.*'] });

      const device = (n: number) => ({
        device_id: `dev_${n}`,
        device_name: `D${n}`,
        hardware_id: `hw${n}`,
        firmware_version: '1.0',
        registered_at: new Date().toISOString(),
      });
      const forA = createEvent({ type: 'device.registered', source: 'device', orgId: 'org_a', data: device(1) });
      const forB = createEvent({ type: 'device.registered', source: 'device', orgId: 'org_b', data: device(2) });
      await suite.f.publisher.publishAll([forA, forB]);
      const user = await suite.f.users.post('/auth/register', {
        email: 'nobody-org@example.com',
        password: 'SecurePass123!',
        name: 'No Org',
      });

      // The platform endpoint receives all three; by then every delivery for these events was recorded.
      await platform.waitForRequests(3);
      await orgA.waitForRequests(1);
      await orgB.waitForRequests(1);
      const finalMarker = createEvent({ type: 'device.registered', source: 'device', orgId: 'org_b', data: device(3) });
      await suite.f.publisher.publish(finalMarker);
      await orgB.waitForRequests(2);
      expect(orgA.bodies().map((b) => b.id)).toEqual([forA.id]);
      expect(orgB.bodies().map((b) => b.id)).toEqual([forB.id, finalMarker.id]);
      expect(platform.bodies().some((b) => (b.data as { user_id?: string }).user_id === user.body.user_id)).toBe(true);
    } finally {
      await Promise.all([orgA.close(), orgB.close(), platform.close()]);
    }
  });
});
