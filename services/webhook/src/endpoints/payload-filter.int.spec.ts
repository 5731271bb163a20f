import { Receiver, waitFor } from '@ops/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookFixture, type WebhookFixture } from '../webhook.fixture.js';

let f: WebhookFixture;
let receiver: Receiver;

beforeAll(async () => {
  f = await startWebhookFixture();
  receiver = await Receiver.start();
});
afterAll(async () => {
  await receiver?.close();
  await f?.close();
});

const updated = (tier: string) => ({ email: `${tier}@example.com`, tier, status: 'active', updated_at: new Date().toISOString(), updated_by: 'admin', notes: null });

describe('payload filters', () => {
  it('creates deliveries only for events meeting the filter', async () => {
    const filtered = await f.endpointFor(receiver, { events: ['subscription.updated'], filter: [{ path: 'data.tier', op: 'eq', value: 'enterprise' }] });
    const everything = await Receiver.start();
    try {
      await f.endpointFor(everything, { events: ['subscription.updated'] });
      const starter = await f.publish('subscription.updated', updated('starter'));
      const enterprise = await f.publish('subscription.updated', updated('enterprise'));
      // Once the unfiltered endpoint has both, both events were matched and recorded.
      await everything.waitForRequests(2);
      await receiver.waitForRequests(1);
      expect(receiver.requests.map((r) => r.headers['webhook-id'])).toEqual([enterprise.id]);
      const deliveries = await waitFor('the delivery log', async () => (await f.admin.get(`/api/v1/webhooks/${filtered.id}/deliveries`)).body.data);
      expect(deliveries.map((d: { event_id: string }) => d.event_id)).toEqual([enterprise.id]);
      expect(deliveries.map((d: { event_id: string }) => d.event_id)).not.toContain(starter.id);
    } finally {
      await everything.close();
    }
  });

  it('refuses an invalid filter with 400 naming it, and shows and clears a valid one', async () => {
    const bad = await f.admin.post('/api/v1/webhooks', { url: receiver.url, events: ['*'], filter: [{ path: 'password', op: 'eq', value: 'x' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/filter\.0\.path: path must be dotted names/);
    const { id } = await f.endpointFor(receiver, { events: ['*'], filter: [{ path: 'data.seats', op: 'gte', value: 10 }] });
    expect((await f.admin.get(`/api/v1/webhooks/${id}`)).body.filter).toEqual([{ path: 'data.seats', op: 'gte', value: 10 }]);
    expect((await f.admin.patch(`/api/v1/webhooks/${id}`, { filter: null })).body.filter).toBeNull();
  });
});
