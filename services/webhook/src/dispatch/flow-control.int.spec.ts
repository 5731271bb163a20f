import { useReceivers, waitFor } from '@ops/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookFixture, type WebhookFixture } from '../../test/webhook.fixture.js';

/** Per-endpoint concurrency and rate limits under a burst: held, and nothing dropped. */
let f: WebhookFixture;
const receiver = useReceivers();

beforeAll(async () => {
  f = await startWebhookFixture();
});
afterAll(async () => {
  await f?.close();
});

const online = (i: number) => ({
  device_id: `dev_${i}`,
  device_name: `D${i}`,
  status: 'online' as const,
  previous_status: 'offline' as const,
  timestamp: new Date().toISOString(),
});

describe('flow control', () => {
  it('never has more requests open to an endpoint than its max_concurrency', async () => {
    const r = await receiver();
    r.respondWith(() => ({ status: 200, delayMs: 100 }));
    const endpoint = await f.endpointFor(r, { events: ['device.online'], max_concurrency: 2 });
    for (let i = 0; i < 20; i++) await f.publish('device.online', online(i));
    await r.waitForRequests(20, 20_000);
    expect(r.mostOpen).toBeLessThanOrEqual(2);
    expect(new Set(r.requests.map((q) => q.headers['webhook-id'])).size).toBe(20);
    await waitFor('all logged as succeeded', async () => {
      const list = (await f.admin.get(`/api/v1/webhooks/${endpoint.id}/deliveries?status=succeeded&limit=100`)).body.data;
      return list.length === 20;
    });
  });

  it('starts at most rate_limit_per_second requests a second, after a one-second burst, and sends them all', async () => {
    const r = await receiver();
    await f.endpointFor(r, { events: ['device.online'], rate_limit_per_second: 10 });
    const sent = [];
    for (let i = 100; i < 125; i++) sent.push(await f.publish('device.online', online(i)));
    const got = await r.waitForRequests(25, 20_000);
    // The bucket holds 10 tokens and refills 10 a second: the 21st request starts a second after the 1st at the earliest.
    expect(got[20]!.receivedAt - got[0]!.receivedAt).toBeGreaterThanOrEqual(950);
    expect(new Set(got.map((q) => q.headers['webhook-id']))).toEqual(new Set(sent.map((e) => e.id)));
  });

  it('validates and shows the limits, and resets them with null', async () => {
    const r = await receiver();
    const bad = await f.admin.post('/api/v1/webhooks', { url: r.url, events: ['*'], max_concurrency: 0, rate_limit_per_second: -1 });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/max_concurrency/);
    expect(bad.body.message).toMatch(/rate_limit_per_second/);
    const { id } = await f.endpointFor(r, { events: ['*'], max_concurrency: 4, rate_limit_per_second: 2.5 });
    expect((await f.admin.get(`/api/v1/webhooks/${id}`)).body).toMatchObject({ max_concurrency: 4, rate_limit_per_second: 2.5 });
    const reset = await f.admin.patch(`/api/v1/webhooks/${id}`, { max_concurrency: null, rate_limit_per_second: null });
    expect(reset.body).toMatchObject({ max_concurrency: null, rate_limit_per_second: null });
  });
});
