import { jetstream } from '@nats-io/jetstream';
import { subjectFor, createEvent } from '@ops/events';
import { useReceivers, waitFor } from '@ops/testing';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookFixture, userCreated, type WebhookFixture } from '../../test/webhook.fixture.js';

let f: WebhookFixture;
const receiver = useReceivers();

beforeAll(async () => {
  f = await startWebhookFixture({ WEBHOOK_ENDPOINT_CONCURRENCY: '2' });
});
afterAll(async () => {
  await f?.close();
});

async function deliveriesOf(endpointId: string) {
  return (await f.admin.get(`/api/v1/webhooks/${endpointId}/deliveries`)).body.data as Array<Record<string, any>>;
}

describe('delivery', () => {
  it('POSTs the documented body, signed so that standardwebhooks verifies it, and logs it as succeeded', async () => {
    const r = await receiver();
    const endpoint = await f.endpointFor(r, { events: ['user.created'] });
    const event = await f.publish('user.created', userCreated(1));

    const [request] = await r.waitForRequests(1);
    const verified = new Webhook(endpoint.secret).verify(request!.body, request!.headers as Record<string, string>);
    expect(verified).toEqual({ id: event.id, event: 'user.created', timestamp: event.time, data: event.data, webhook_id: endpoint.id });
    expect(request!.headers['webhook-id']).toBe(event.id);
    expect(request!.headers['content-type']).toBe('application/json');

    const [delivery] = await waitFor('the delivery to succeed', async () => {
      const list = await deliveriesOf(endpoint.id);
      return list[0]?.status === 'succeeded' ? list : null;
    });
    expect(delivery).toMatchObject({
      event: 'user.created',
      event_id: event.id,
      attempt_count: 1,
      last_status_code: 200,
      last_error: null,
    });
    expect(delivery!.last_latency_ms).toEqual(expect.any(Number));
  });

  it('retries a receiver that fails twice: the same webhook-id three times, three attempts logged', async () => {
    const r = await receiver();
    r.respondWith((_req, i) => (i < 2 ? { status: 500, body: 'database is down' } : { status: 204 }));
    const endpoint = await f.endpointFor(r, { events: ['user.login'] });
    const event = await f.publish('user.login', { user_id: 'usr_2', email: 'two@example.com', login_at: new Date().toISOString() });

    const requests = await r.waitForRequests(3);
    expect(requests.map((q) => q.headers['webhook-id'])).toEqual([event.id, event.id, event.id]);
    for (const q of requests) expect(() => new Webhook(endpoint.secret).verify(q.body, q.headers as Record<string, string>)).not.toThrow();

    const delivery = await waitFor('the delivery to succeed', async () =>
      (await deliveriesOf(endpoint.id)).find((d) => d.status === 'succeeded'),
    );
    expect(delivery.attempt_count).toBe(3);
    const detail = (await f.admin.get(`/api/v1/webhooks/${endpoint.id}/deliveries/${delivery.id}`)).body;
    expect(detail.attempts.map((a: Record<string, unknown>) => [a.attempt_number, a.status_code, a.succeeded])).toEqual([
      [1, 500, false],
      [2, 500, false],
      [3, 204, true],
    ]);
    expect(detail.attempts[0]).toMatchObject({ error: 'HTTP 500', response_excerpt: 'database is down' });
  });

  it('fails a delivery after its last attempt, and logs why', async () => {
    const r = await receiver();
    r.respondWith(() => ({ status: 503, body: 'x'.repeat(5000) }));
    const endpoint = await f.endpointFor(r, { events: ['user.logout'] });
    await f.publish('user.logout', { user_id: 'usr_3', email: 'three@example.com', logout_at: new Date().toISOString() });
    const delivery = await waitFor('the delivery to fail', async () =>
      (await deliveriesOf(endpoint.id)).find((d) => d.status === 'failed'),
    );
    expect(delivery).toMatchObject({ attempt_count: 3, last_status_code: 503, last_error: 'HTTP 503', next_attempt_at: null });
    expect(r.requests).toHaveLength(3);
    const detail = (await f.admin.get(`/api/v1/webhooks/${endpoint.id}/deliveries/${delivery.id}`)).body;
    expect(detail.attempts[0].response_excerpt).toHaveLength(1024);
  });

  it('logs a refused connection as a failure with a clear reason', async () => {
    const r = await receiver();
    const url = r.url;
    await r.close();
    const endpoint = await f.admin.post('/api/v1/webhooks', { url, events: ['user.deleted'] });
    await f.publish('user.deleted', {
      user_id: 'usr_4',
      email: 'four@example.com',
      deleted_by: 'admin',
      deleted_at: new Date().toISOString(),
    });
    const delivery = await waitFor('the delivery to fail', async () =>
      (await deliveriesOf(endpoint.body.id)).find((d) => d.status === 'failed'),
    );
    expect(delivery.last_status_code).toBeNull();
    expect(delivery.last_error).toMatch(/connection refused/);
  });

  it('creates no second delivery when the stream delivers the same event again', async () => {
    const r = await receiver();
    const endpoint = await f.endpointFor(r, { events: ['user.email_verified'] });
    const event = createEvent({
      type: 'user.email_verified',
      source: 'user',
      orgId: null,
      data: { user_id: 'usr_5', email: 'five@example.com', verified_at: new Date().toISOString() },
    });
    const js = jetstream(f.nats);
    // Two distinct stream messages carrying one event: what a redelivery, or a republish past the duplicate window, looks like.
    const subject = subjectFor(event.type, f.stream.env.EVENTS_SUBJECT_PREFIX);
    await js.publish(subject, JSON.stringify(event), { msgID: `${event.id}-a` });
    await js.publish(subject, JSON.stringify(event), { msgID: `${event.id}-b` });
    const marker = await f.publish('user.email_verified', {
      user_id: 'usr_6',
      email: 'six@example.com',
      verified_at: new Date().toISOString(),
    });
    await waitFor('the later event to arrive', () => r.requests.some((q) => q.headers['webhook-id'] === marker.id));
    expect((await deliveriesOf(endpoint.id)).filter((d) => d.event_id === event.id)).toHaveLength(1);
    expect(r.requests.filter((q) => q.headers['webhook-id'] === event.id)).toHaveLength(1);
  });

  it('keeps delivering to other endpoints while one endpoint is slow', async () => {
    const slow = await receiver();
    slow.respondWith(() => ({ status: 200, delayMs: 500 }));
    const fast = await receiver();
    const slowEndpoint = await f.endpointFor(slow, { events: ['device.online'] });
    const fastEndpoint = await f.endpointFor(fast, { events: ['device.online'] });
    for (let i = 0; i < 10; i++) {
      await f.publish('device.online', {
        device_id: `dev_${i}`,
        device_name: `Sensor-${i}`,
        status: 'online',
        previous_status: 'offline',
        timestamp: new Date().toISOString(),
      });
    }
    await fast.waitForRequests(10);
    // The slow endpoint has 2 requests open (its concurrency) and 8 events waiting behind them.
    expect(slow.requests.length).toBeLessThan(10);
    await slow.waitForRequests(10, 20_000);
    expect(fastEndpoint.id).not.toBe(slowEndpoint.id);
  });
});

describe('scoping', () => {
  it('sends an organization only its own events, and platform endpoints everything they subscribed to', async () => {
    const [a, b, platform] = [await receiver(), await receiver(), await receiver()];
    await f.endpointFor(a, { events: ['organization.*'], org_id: 'org_a' }, await f.tokens.user({ org_a: 'admin' }));
    await f.endpointFor(b, { events: ['organization.*'], org_id: 'org_b' }, await f.tokens.user({ org_b: 'owner' }));
    await f.endpointFor(platform, { events: ['organization.updated'] });
    const update = (name: string) => ({
      organization_id: name,
      name,
      plan_tier: 'pro',
      changes: ['name'],
      updated_by: 'x',
      updated_at: new Date().toISOString(),
    });
    const ea = await f.publish('organization.updated', update('org_a'), 'org_a');
    const eb = await f.publish('organization.updated', update('org_b'), 'org_b');
    const en = await f.publish(
      'organization.deleted',
      { organization_id: 'org_a', name: 'a', deleted_by: 'x', deleted_at: new Date().toISOString() },
      'org_a',
    );

    await platform.waitForRequests(2);
    await a.waitForRequests(2);
    await b.waitForRequests(1);
    // Sent after everything above: once it is in, nothing else is on its way.
    const last = await f.publish('organization.updated', update('org_b'), 'org_b');
    await b.waitForRequests(2);
    await platform.waitForRequests(3);
    expect(
      a
        .bodies()
        .map((x) => x.id)
        .sort(),
    ).toEqual([ea.id, en.id].sort());
    expect(
      b
        .bodies()
        .map((x) => x.id)
        .sort(),
    ).toEqual([eb.id, last.id].sort());
    expect(
      platform
        .bodies()
        .map((x) => x.id)
        .sort(),
    ).toEqual([ea.id, eb.id, last.id].sort());
  });
});
