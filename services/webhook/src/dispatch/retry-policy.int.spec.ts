import { useReceivers, waitFor } from '@ops/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookFixture, userCreated, type WebhookFixture } from '../../test/webhook.fixture.js';

/** How receivers steer retries: Retry-After, 410 Gone, abort-message; observed through what they receive. */
let f: WebhookFixture;
const receiver = useReceivers();

beforeAll(async () => {
  f = await startWebhookFixture({ WEBHOOK_RETRY_DELAYS_MS: '50,50,50' });
});
afterAll(async () => {
  await f?.close();
});

async function delivery(endpointId: string, predicate: (d: Record<string, any>) => boolean) {
  return waitFor('the delivery', async () => {
    const list = (await f.admin.get(`/api/v1/webhooks/${endpointId}/deliveries`)).body.data as Array<Record<string, any>>;
    return list.find(predicate);
  });
}

describe('retry policy', () => {
  it('waits as long as a 429 Retry-After asks, though the schedule says 50 ms', async () => {
    const r = await receiver();
    r.respondWith((_req, i) => (i === 0 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 200 }));
    const endpoint = await f.endpointFor(r, { events: ['user.created'] });
    await f.publish('user.created', userCreated('throttled'));
    const [first, second] = await r.waitForRequests(2, 15_000);
    expect(second!.receivedAt - first!.receivedAt).toBeGreaterThanOrEqual(1000);
    expect(second!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
    const done = await delivery(endpoint.id, (d) => d.status === 'succeeded');
    expect(done.attempt_count).toBe(2);
  });

  it('disables the endpoint on 410 Gone, keeps later events for it, and resumes when re-enabled', async () => {
    const gone = await receiver();
    gone.respondWith(() => ({ status: 410 }));
    const endpoint = await f.endpointFor(gone, { events: ['user.login'] });
    const login = (n: string) => ({ user_id: `usr_${n}`, email: `${n}@example.com`, login_at: new Date().toISOString() });
    await f.publish('user.login', login('first'));
    const failed = await delivery(endpoint.id, (d) => d.status === 'failed');
    expect(failed).toMatchObject({ attempt_count: 1, last_status_code: 410 });
    expect(failed.last_error).toMatch(/410 Gone: the endpoint was disabled/);
    const disabled = await waitFor('the endpoint to be disabled', async () => {
      const res = await f.admin.get(`/api/v1/webhooks/${endpoint.id}`);
      return res.body.active === false ? res.body : null;
    });
    expect(disabled.disabled_reason).toMatch(/^410 Gone from http:\/\/127\.0\.0\.1/);
    const whileDisabled = await f.publish('user.login', login('second'));
    await delivery(endpoint.id, (d) => d.event_id === whileDisabled.id && d.status === 'pending');
    expect(gone.requests).toHaveLength(1);

    gone.respondWith(() => ({ status: 200 }));
    const reenabled = await f.admin.patch(`/api/v1/webhooks/${endpoint.id}`, { active: true });
    expect(reenabled.body).toMatchObject({ active: true, disabled_reason: null });
    const [, resumed] = await gone.waitForRequests(2);
    expect(resumed!.headers['webhook-id']).toBe(whileDisabled.id);
  });

  it('stops retrying a message when the receiver answers webhook-delivery: abort-message', async () => {
    const r = await receiver();
    r.respondWith(() => ({ status: 400, headers: { 'webhook-delivery': 'abort-message' }, body: 'unknown customer' }));
    const endpoint = await f.endpointFor(r, { events: ['user.logout'] });
    await f.publish('user.logout', { user_id: 'usr_abort', email: 'abort@example.com', logout_at: new Date().toISOString() });
    const failed = await delivery(endpoint.id, (d) => d.status === 'failed');
    expect(failed.attempt_count).toBe(1);
    expect(failed.last_error).toMatch(/abort-message/);
    expect(r.requests).toHaveLength(1);
  });
});
