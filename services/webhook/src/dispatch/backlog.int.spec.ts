import { useReceivers, waitFor } from '@ops/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookFixture, type WebhookFixture } from '../../test/webhook.fixture.js';

/** A backlog far larger than what a worker may hold drains, the worker never holding more than its bound. */
let f: WebhookFixture;
const receiver = useReceivers();

beforeAll(async () => {
  // A worker holds at most twice what it may have in flight: 8 deliveries here.
  f = await startWebhookFixture({ WEBHOOK_MAX_IN_FLIGHT: '4' });
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

describe('a backlog larger than a worker holds', () => {
  it('drains in bounded claims: every delivery sent, never more than twice max-in-flight claimed at once', async () => {
    const r = await receiver();
    r.respondWith(() => ({ status: 200, delayMs: 2 }));
    const endpoint = await f.endpointFor(r, { events: ['device.online'] });
    await f.service.dispatcher.stop();
    const sent = [];
    for (let i = 0; i < 300; i++) sent.push(await f.publish('device.online', online(i)));
    const database = f.service.runtime.database;
    const count = async () => {
      const [row] = await database.query<{ pending: number; in_flight: number; succeeded: number }>(
        database.orm,
        sql`select count(*) filter (where status = 'pending')::int as pending, count(*) filter (where status = 'in_flight')::int as in_flight,
              count(*) filter (where status = 'succeeded')::int as succeeded
            from webhooks.deliveries where endpoint_id = ${endpoint.id}`,
      );
      return row!;
    };
    await waitFor('the whole backlog recorded, pending', async () => (await count()).pending === 300);

    await f.service.dispatcher.start();
    let mostClaimed = 0;
    await waitFor(
      'the backlog to drain',
      async () => {
        const now = await count();
        mostClaimed = Math.max(mostClaimed, now.in_flight);
        return now.succeeded === 300;
      },
      { timeoutMs: 60_000, intervalMs: 5 },
    );
    expect(mostClaimed).toBeGreaterThan(0);
    expect(mostClaimed).toBeLessThanOrEqual(8);
    expect(new Set(r.requests.map((q) => q.headers['webhook-id']))).toEqual(new Set(sent.map((e) => e.id)));
  });
});
