import { Receiver, waitFor } from '@ops/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookFixture, type WebhookFixture } from '../webhook.fixture.js';

let f: WebhookFixture;
let receiver: Receiver;

beforeAll(async () => {
  f = await startWebhookFixture({ WEBHOOK_BREAKER_FAILURES: '3', WEBHOOK_BREAKER_OPEN_MS: '1000', WEBHOOK_ENDPOINT_CONCURRENCY: '1', WEBHOOK_RETRY_DELAYS_MS: '50,50,50' });
  receiver = await Receiver.start();
});
afterAll(async () => {
  await receiver?.close();
  await f?.close();
});

describe('circuit breaker', () => {
  it('rests a failing endpoint after a run of failures, its deliveries waiting untried; a probe that succeeds lets them all through', async () => {
    receiver.respondWith(() => ({ status: 500 }));
    const endpoint = await f.endpointFor(receiver, { events: ['device.offline'] });
    const sent = [];
    for (let i = 0; i < 10; i++) {
      sent.push(await f.publish('device.offline', { device_id: `dev_${i}`, device_name: `D${i}`, status: 'offline', previous_status: 'online', timestamp: new Date().toISOString() }));
    }
    await receiver.waitForRequests(3);
    // The circuit opened at the third failure. A retry due 50 ms later is held back: it becomes overdue while
    // the receiver hears nothing more (without the breaker it would go out within the 20 ms poll).
    await waitFor('a retry overdue by 200 ms', async () => {
      const list = (await f.admin.get(`/api/v1/webhooks/${endpoint.id}/deliveries?limit=100`)).body.data as Array<Record<string, any>>;
      return list.some((d) => d.status === 'retrying' && Date.parse(d.next_attempt_at) < Date.now() - 200);
    });
    expect(receiver.requests).toHaveLength(3);

    receiver.respondWith(() => ({ status: 200 }));
    await waitFor('every event delivered', () => new Set(receiver.requests.slice(3).map((r) => r.headers['webhook-id'])).size === 10, { timeoutMs: 15_000 });
    expect(new Set(receiver.requests.map((r) => r.headers['webhook-id']))).toEqual(new Set(sent.map((e) => e.id)));
    // Hammering would have cost 10 events x several failed tries; the breaker spent 3, and maybe a failed probe.
    expect(receiver.requests.length).toBeLessThanOrEqual(3 + 1 + 10);
  });
});
