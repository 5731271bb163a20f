import { waitFor } from '@ops/testing';
import { describe, expect, it } from 'vitest';
import { useWebhookFixture, userCreated } from '../../test/webhook.fixture.js';

// A failed delivery waits a minute for its retry: still unfinished when the second test counts it.
const suite = useWebhookFixture({ WEBHOOK_RETRY_DELAYS_MS: '60000' });

describe('platform status', () => {
  it('shows administrators the stream, each consumer’s lag, unfinished deliveries and the outbox', async () => {
    suite.receiver.respondWith(() => ({ status: 200 }));
    await suite.f.endpointFor(suite.receiver, { events: ['user.created'] });
    await suite.f.publish('user.created', userCreated('status'));
    await suite.receiver.waitForRequests(1);

    const res = await suite.f.admin.get('/api/v1/admin/webhooks/status');
    expect(res.status).toBe(200);
    expect(res.body.stream).toMatchObject({
      stream: suite.f.stream.env.EVENTS_STREAM,
      messages: expect.any(Number),
      last_seq: expect.any(Number),
    });
    expect(res.body.stream.messages).toBeGreaterThanOrEqual(1);
    const ingest = res.body.stream.consumers.find((c: { name: string }) => c.name === 'webhook-ingest');
    expect(ingest).toMatchObject({ pending: expect.any(Number), ack_pending: expect.any(Number) });
    expect(res.body.deliveries).toEqual({ pending: expect.any(Number), retrying: expect.any(Number), in_flight: expect.any(Number) });
    expect(res.body.dead_letters).toBe(0);

    const outbox = await suite.f.admin.get('/api/v1/admin/outbox/webhook');
    expect(outbox.status).toBe(200);
    expect(outbox.body).toEqual({ service: 'webhook', unpublished: expect.any(Number), oldest_unpublished_age_ms: expect.any(Number) });
  });

  it('counts deliveries waiting for a receiver that fails', async () => {
    const unfinished = async () => {
      const { pending, retrying, in_flight } = (await suite.f.admin.get('/api/v1/admin/webhooks/status')).body.deliveries;
      return pending + retrying + in_flight;
    };
    await waitFor('nothing unfinished from the test before', async () => (await unfinished()) === 0);
    suite.receiver.respondWith(() => ({ status: 500 }));
    suite.receiver.requests.length = 0;
    await suite.f.endpointFor(suite.receiver, { events: ['user.login'] });
    await suite.f.publish('user.login', { user_id: 'usr_s', email: 's@example.com', login_at: new Date().toISOString() });
    await suite.receiver.waitForRequests(1);
    // Its retry is a minute away: unfinished, whether its first result is recorded yet or not.
    expect(await unfinished()).toBe(1);
  });

  it('refuses anyone but a platform administrator', async () => {
    const owner = suite.f.as(await suite.f.tokens.user({ org_a: 'owner' }));
    expect((await owner.get('/api/v1/admin/webhooks/status')).status).toBe(403);
    expect((await owner.get('/api/v1/admin/outbox/webhook')).status).toBe(403);
  });
});
