import { useReceivers, waitFor } from '@ops/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookFixture, type WebhookFixture } from '../../test/webhook.fixture.js';

/**
 * Ingest waits for room in full lanes (the backlog stays in the stream) instead of creating deliveries pending:
 * created in flight, each costs one row version less. A lane that stays full never holds back the others.
 */
let f: WebhookFixture;
const receiver = useReceivers();

beforeAll(async () => {
  // Lanes of 4 (twice a concurrency of 2), and a wait for room longer than any test, so that nothing here
  // depends on how fast the machine is.
  f = await startWebhookFixture({ WEBHOOK_ENDPOINT_CONCURRENCY: '2', WEBHOOK_INGEST_ROOM_WAIT_MS: '60000' });
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
const login = (i: number) => ({ user_id: `usr_${i}`, email: `u${i}@example.com`, login_at: new Date().toISOString() });

describe('ingest under a backlog', () => {
  it('creates the deliveries of a burst ten times a lane in flight as room comes, none pending', async () => {
    const r = await receiver();
    r.respondWith(() => ({ status: 200, delayMs: 20 }));
    const endpoint = await f.endpointFor(r, { events: ['device.online'] });
    const database = f.service.runtime.database;
    let mostPending = 0;
    const sampling = waitFor(
      'the burst to be logged',
      async () => {
        const [row] = await database.query<{ pending: number; succeeded: number }>(
          database.orm,
          sql`select count(*) filter (where status = 'pending')::int as pending, count(*) filter (where status = 'succeeded')::int as succeeded
              from webhooks.deliveries where endpoint_id = ${endpoint.id}`,
        );
        mostPending = Math.max(mostPending, row!.pending);
        return row!.succeeded === 40;
      },
      { timeoutMs: 30_000, intervalMs: 5 },
    );
    const sent = await Promise.all(Array.from({ length: 40 }, (_, i) => f.publish('device.online', online(i))));
    await sampling;
    expect(mostPending).toBe(0);
    expect(new Set(r.requests.map((q) => q.headers['webhook-id']))).toEqual(new Set(sent.map((e) => e.id)));
  });

  it('keeps delivering to an endpoint with room while another endpoint of the same events hangs', async () => {
    const healthy = await receiver();
    const hung = await receiver();
    // Never answers within the fixture's 2 s request timeout.
    hung.respondWith(() => ({ status: 200, delayMs: 60_000 }));
    await f.endpointFor(healthy, { events: ['user.login'] });
    await f.endpointFor(hung, { events: ['user.login'] });
    for (let i = 0; i < 40; i++) await f.publish('user.login', login(i));
    await healthy.waitForRequests(40, 20_000);
    // All 40 reached the healthy endpoint while the hung one still holds its first two requests: ingest never
    // waited for the hung lane (it would have until those requests timed out and freed it).
    expect(hung.requests.length).toBe(2);
  });
});
