import { waitFor } from '@ops/testing';
import { describe, expect, it } from 'vitest';
import { useWebhookFixture } from '../../test/webhook.fixture.js';

const suite = useWebhookFixture({
  WEBHOOK_BREAKER_FAILURES: '3',
  WEBHOOK_BREAKER_OPEN_MS: '1000',
  WEBHOOK_ENDPOINT_CONCURRENCY: '1',
  WEBHOOK_RETRY_DELAYS_MS: '50,50,50',
});

describe('circuit breaker', () => {
  it('rests a failing endpoint after a run of failures, its deliveries waiting untried; a probe that succeeds lets them all through', async () => {
    suite.receiver.respondWith(() => ({ status: 500 }));
    const endpoint = await suite.f.endpointFor(suite.receiver, { events: ['device.offline'] });
    const sent = [];
    for (let i = 0; i < 10; i++) {
      sent.push(
        await suite.f.publish('device.offline', {
          device_id: `dev_${i}`,
          device_name: `D${i}`,
          status: 'offline',
          previous_status: 'online',
          timestamp: new Date().toISOString(),
        }),
      );
    }
    await suite.receiver.waitForRequests(3);
    // The circuit opened at the third failure. A retry due 50 ms later is held back: it becomes overdue while
    // the receiver hears nothing more (without the breaker it would go out within the 20 ms poll).
    await waitFor('a retry overdue by 200 ms', async () => {
      const list = (await suite.f.admin.get(`/api/v1/webhooks/${endpoint.id}/deliveries?limit=100`)).body.data as Array<
        Record<string, any>
      >;
      return list.some((d) => d.status === 'retrying' && Date.parse(d.next_attempt_at) < Date.now() - 200);
    });
    expect(suite.receiver.requests).toHaveLength(3);

    suite.receiver.respondWith(() => ({ status: 200 }));
    await waitFor(
      'every event delivered',
      () => new Set(suite.receiver.requests.slice(3).map((r) => r.headers['webhook-id'])).size === 10,
      { timeoutMs: 15_000 },
    );
    expect(new Set(suite.receiver.requests.map((r) => r.headers['webhook-id']))).toEqual(new Set(sent.map((e) => e.id)));
    // Hammering would have cost 10 events x several failed tries; the breaker spent 3, and maybe a failed probe.
    expect(suite.receiver.requests.length).toBeLessThanOrEqual(3 + 1 + 10);
  });
});
