import { newId } from '@ops/events';
import { waitFor } from '@ops/testing';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { deliveries, events } from '../schema.js';
import { useWebhookFixture, userCreated } from '../webhook.fixture.js';

/** What happens to deliveries in flight when a worker dies or is stopped. */
const suite = useWebhookFixture({ WEBHOOK_ENDPOINT_CONCURRENCY: '1' });

describe('delivery recovery', () => {
  it('re-sends a delivery whose worker died holding it, once its lease expires', async () => {
    const endpoint = await suite.f.endpointFor(suite.receiver, { events: ['user.created'] });
    const eventId = newId('evt');
    const database = suite.f.service.runtime.database;
    // The state a worker leaves when it dies after claiming: in flight, under a lease that has now run out.
    await database.orm.insert(events).values({ id: eventId, type: 'user.created', source: 'user', orgId: null, time: new Date().toISOString(), data: userCreated('orphan'), streamSeq: 1 });
    await database.orm.insert(deliveries).values({
      id: newId('dlv'),
      eventId,
      endpointId: endpoint.id,
      eventType: 'user.created',
      status: 'in_flight',
      leaseExpiresAt: sql`now() - interval '1 second'`,
    });
    const request = await waitFor('the orphaned delivery to be sent', () => suite.receiver.requests.find((r) => r.headers['webhook-id'] === eventId));
    expect(JSON.parse(request.body).data.user_id).toBe('usr_orphan');
    await waitFor('it to be logged as succeeded', async () => {
      const [row] = await database.orm.select().from(deliveries).where(sql`${deliveries.eventId} = ${eventId}`);
      return row?.status === 'succeeded';
    });
  });

  it('on shutdown finishes the request in flight, hands back the queued ones, and a new worker sends them once', async () => {
    suite.receiver.requests.length = 0;
    suite.receiver.respondWith(() => ({ status: 200, delayMs: 300 }));
    const endpoint = await suite.f.endpointFor(suite.receiver, { events: ['user.login'] });
    const sent = [];
    for (let i = 0; i < 5; i++) {
      sent.push(await suite.f.publish('user.login', { user_id: `usr_${i}`, email: `u${i}@example.com`, login_at: new Date().toISOString() }));
    }
    // Concurrency 1: one request is out, the other four wait in the endpoint's lane.
    await suite.receiver.waitForRequests(1);
    await suite.f.restart();
    suite.receiver.respondWith(() => ({ status: 200 }));
    await suite.receiver.waitForRequests(5);
    const byEvent = new Map<string, number>();
    for (const r of suite.receiver.requests) byEvent.set(String(r.headers['webhook-id']), (byEvent.get(String(r.headers['webhook-id'])) ?? 0) + 1);
    expect([...byEvent.keys()].sort()).toEqual(sent.map((e) => e.id).sort());
    expect([...byEvent.values()].every((n) => n === 1)).toBe(true);
    const logged = await waitFor('all five logged as succeeded', async () => {
      const list = (await suite.f.admin.get(`/api/v1/webhooks/${endpoint.id}/deliveries`)).body.data as Array<{ status: string; attempt_count: number }>;
      return list.length === 5 && list.every((d) => d.status === 'succeeded') ? list : null;
    });
    expect(logged.map((d) => d.attempt_count)).toEqual([1, 1, 1, 1, 1]);
  });
});
