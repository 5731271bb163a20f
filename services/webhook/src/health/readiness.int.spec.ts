import { api, waitFor } from '@ops/testing';
import { describe, expect, it } from 'vitest';
import { useWebhookFixture, userCreated } from '../../test/webhook.fixture.js';

const suite = useWebhookFixture({ WEBHOOK_STALL_AFTER_MS: '300' });

describe('readiness', () => {
  it('is ready when idle, turns red when deliveries wait on a stalled dispatcher, and green once it moves', async () => {
    const ready = await api(suite.f.service.url).get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toEqual({ nats: 'ok', database: 'ok', outbox: 'ok', consumer: 'ok', dispatcher: 'ok' });

    await suite.f.service.dispatcher.stop();
    await suite.f.endpointFor(suite.receiver, { events: ['user.created'] });
    await suite.f.publish('user.created', userCreated('stalled'));
    // The consumer check may be red for a moment first (the event published, not yet pulled after an idle spell):
    // wait for the dispatcher's own verdict, not for the first 503.
    const stalled = await waitFor('the dispatcher check to go red', async () => {
      const res = await api(suite.f.service.url).get('/health/ready');
      return res.status === 503 && res.body.checks.dispatcher !== 'ok' ? res.body : null;
    });
    expect(stalled.checks.dispatcher).toMatch(/1 deliveries overdue and no progress/);
    expect(stalled.checks.consumer).toBe('ok');

    await suite.f.service.dispatcher.start();
    await suite.receiver.waitForRequests(1);
    await waitFor('readiness to recover', async () => (await api(suite.f.service.url).get('/health/ready')).status === 200);
  });

  it('exports Prometheus metrics: attempts by outcome, latency, waiting deliveries, consumer backlog', async () => {
    suite.receiver.requests.length = 0;
    await suite.f.publish('user.created', userCreated('metrics'));
    await suite.receiver.waitForRequests(1);
    const text = await waitFor('the attempt to be counted', async () => {
      const res = await fetch(`${suite.f.service.url}/metrics`);
      const body = await res.text();
      return res.status === 200 && /webhook_attempts_total\{[^}]*outcome="succeeded"[^}]*\} [1-9]/.test(body) ? body : null;
    });
    expect(text).toMatch(/webhook_attempt_duration_seconds_count\{service="webhook"\} [1-9]/);
    expect(text).toMatch(/webhook_deliveries_waiting\{service="webhook"\} \d+/);
    expect(text).toMatch(/webhook_consumer_backlog\{service="webhook"\} \d+/);
    expect(text).toMatch(/process_cpu_seconds_total\{service="webhook"\}/);
  });
});
