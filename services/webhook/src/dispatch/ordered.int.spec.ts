import { Receiver } from '@ops/testing';
import { describe, expect, it } from 'vitest';
import { useWebhookFixture } from '../../test/webhook.fixture.js';

/** Opt-in ordered delivery: one at a time, in stream order, a failing event holding back the ones after it. */
const suite = useWebhookFixture({ WEBHOOK_RETRY_DELAYS_MS: '50,50,50' });

const online = (i: number) => ({
  device_id: `dev_${i}`,
  device_name: `D${i}`,
  status: 'online' as const,
  previous_status: 'offline' as const,
  timestamp: new Date().toISOString(),
});

describe('ordered endpoints', () => {
  it('receive events in stream order even when one fails and is retried in between', async () => {
    const { f, receiver } = suite;
    const sent = [];
    const endpoint = await f.endpointFor(receiver, { events: ['device.online'], ordered: true });
    expect((await f.admin.get(`/api/v1/webhooks/${endpoint.id}`)).body.ordered).toBe(true);
    const unordered = await Receiver.start();
    try {
      await f.endpointFor(unordered, { events: ['device.online'] });
      let failuresLeft = 2;
      receiver.respondWith((req) =>
        JSON.parse(req.body).data.device_id === 'dev_1' && failuresLeft-- > 0 ? { status: 500 } : { status: 200 },
      );
      for (let i = 0; i < 6; i++) sent.push(await f.publish('device.online', online(i)));
      const second = sent[1]!.id;

      const got = await receiver.waitForRequests(8);
      const ids = got.map((r) => r.headers['webhook-id']);
      // The second event failed twice: nothing after it went out until it succeeded.
      expect(ids).toEqual([sent[0]!.id, second, second, second, ...sent.slice(2).map((e) => e.id)]);
      // The unordered endpoint was not held back by any of it.
      await unordered.waitForRequests(6);
    } finally {
      await unordered.close();
    }
  });

  it('keeps deliveries already waiting when an endpoint becomes ordered', async () => {
    const { f } = suite;
    const r = await Receiver.start();
    try {
      r.respondWith((_req, i) => (i === 0 ? { status: 503, headers: { 'retry-after': '1' } } : { status: 200 }));
      const endpoint = await f.endpointFor(r, { events: ['device.offline'] });
      const event = await f.publish('device.offline', {
        device_id: 'dev_x',
        device_name: 'X',
        status: 'offline',
        previous_status: 'online',
        timestamp: new Date().toISOString(),
      });
      await r.waitForRequests(1);
      const patched = await f.admin.patch(`/api/v1/webhooks/${endpoint.id}`, { ordered: true });
      expect(patched.body, JSON.stringify(patched.body)).toMatchObject({ ordered: true });
      const [, retried] = await r.waitForRequests(2);
      expect(retried!.headers['webhook-id']).toBe(event.id);
    } finally {
      await r.close();
    }
  });
});
