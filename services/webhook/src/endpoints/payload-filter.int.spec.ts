import { Receiver, waitFor } from '@ops/testing';
import { describe, expect, it } from 'vitest';
import { useWebhookFixture } from '../../test/webhook.fixture.js';

const suite = useWebhookFixture();

const updated = (tier: string) => ({
  subscription_id: `sub_${tier}`,
  user_id: `usr_${tier}`,
  email: `${tier}@example.com`,
  tier,
  status: 'active',
  updated_at: new Date().toISOString(),
  updated_by: 'admin',
  notes: null,
});

describe('payload filters', () => {
  it('creates deliveries only for events meeting the filter', async () => {
    const filtered = await suite.f.endpointFor(suite.receiver, {
      events: ['subscription.updated'],
      filter: [{ path: 'data.tier', op: 'eq', value: 'enterprise' }],
    });
    const everything = await Receiver.start();
    try {
      await suite.f.endpointFor(everything, { events: ['subscription.updated'] });
      const starter = await suite.f.publish('subscription.updated', updated('starter'));
      const enterprise = await suite.f.publish('subscription.updated', updated('enterprise'));
      // Once the unfiltered endpoint has both, both events were matched and recorded.
      await everything.waitForRequests(2);
      await suite.receiver.waitForRequests(1);
      expect(suite.receiver.requests.map((r) => r.headers['webhook-id'])).toEqual([enterprise.id]);
      const deliveries = await waitFor(
        'the delivery log',
        async () => (await suite.f.admin.get(`/api/v1/webhooks/${filtered.id}/deliveries`)).body.data,
      );
      expect(deliveries.map((d: { event_id: string }) => d.event_id)).toEqual([enterprise.id]);
      expect(deliveries.map((d: { event_id: string }) => d.event_id)).not.toContain(starter.id);
    } finally {
      await everything.close();
    }
  });

  it('refuses an invalid filter with 400 naming it, and shows and clears a valid one', async () => {
    const bad = await suite.f.admin.post('/api/v1/webhooks', {
      url: suite.receiver.url,
      events: ['*'],
      filter: [{ path: 'password', op: 'eq', value: 'x' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/filter\.0\.path: path must be dotted names/);
    const { id } = await suite.f.endpointFor(suite.receiver, { events: ['*'], filter: [{ path: 'data.seats', op: 'gte', value: 10 }] });
    expect((await suite.f.admin.get(`/api/v1/webhooks/${id}`)).body.filter).toEqual([{ path: 'data.seats', op: 'gte', value: 10 }]);
    expect((await suite.f.admin.patch(`/api/v1/webhooks/${id}`, { filter: null })).body.filter).toBeNull();
  });
});
