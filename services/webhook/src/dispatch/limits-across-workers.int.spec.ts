import { startServiceProcess, useReceivers, waitFor, type ServiceProcess } from '@ops/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveries } from '../schema.js';
import { startWebhookFixture, type WebhookFixture } from '../../test/webhook.fixture.js';

/**
 * An endpoint's own limits hold for the platform, not for each worker: two webhook services (one in this
 * process, one a process of its own) share the deliveries of a slow, limited endpoint.
 */
let f: WebhookFixture;
let second: ServiceProcess | undefined;
const receiver = useReceivers();

beforeAll(async () => {
  f = await startWebhookFixture({ WEBHOOK_WORKER_TTL_MS: '3000' });
  second = await startServiceProcess('webhook', { ...f.env, WEBHOOK_PORT: '0', LOG_LEVEL: 'info' });
  const { database } = f.service.runtime;
  await waitFor(
    'the second worker registered',
    async () => {
      const [row] = await database.query<{ n: number }>(
        database.orm,
        sql`select count(*)::int as n from webhooks.workers where expires_at > now()`,
      );
      return row!.n === 2;
    },
    { timeoutMs: 45_000 },
  );
});
afterAll(async () => {
  second?.kill('SIGKILL');
  await f?.close();
});

const online = (i: number) => ({
  device_id: `dev_${i}`,
  device_name: `D${i}`,
  status: 'online' as const,
  previous_status: 'offline' as const,
  timestamp: new Date().toISOString(),
});

/** Worker ids seen holding the endpoint's deliveries, sampled until `done` resolves. */
async function holders(endpointId: string, done: Promise<unknown>): Promise<Set<string>> {
  const { database } = f.service.runtime;
  const seen = new Set<string>();
  let finished = false;
  void done.finally(() => (finished = true));
  while (!finished) {
    const rows = await database.orm
      .selectDistinct({ workerId: deliveries.workerId })
      .from(deliveries)
      .where(sql`${deliveries.endpointId} = ${endpointId} and ${deliveries.workerId} is not null`);
    for (const r of rows) seen.add(r.workerId!);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return seen;
}

describe('limits across workers', () => {
  it('keeps the requests open to an endpoint within its max_concurrency, whichever worker sends them', async () => {
    const r = await receiver();
    r.respondWith(() => ({ status: 200, delayMs: 150 }));
    const endpoint = await f.endpointFor(r, { events: ['device.online'], max_concurrency: 3 });
    for (let i = 0; i < 40; i++) await f.publish('device.online', online(i));
    const received = r.waitForRequests(40, 30_000);
    const workers = await holders(endpoint.id, received);
    await received;
    expect(workers.size).toBe(2);
    expect(r.mostOpen).toBe(3);
    expect(new Set(r.requests.map((q) => q.headers['webhook-id'])).size).toBe(40);
  });

  it("shares an endpoint's rate limit between the workers", async () => {
    const r = await receiver();
    // A concurrency limit too, so that each worker holds a few at a time and both have work all along.
    const endpoint = await f.endpointFor(r, { events: ['device.online'], rate_limit_per_second: 10, max_concurrency: 4 });
    for (let i = 100; i < 160; i++) await f.publish('device.online', online(i));
    const received = r.waitForRequests(60, 30_000);
    const workers = await holders(endpoint.id, received);
    const got = await received;
    expect(workers.size).toBe(2);
    // Each worker's bucket holds its share of a second's worth and refills its share: in any two seconds at
    // most 2 × 10 + 10 (the opening burst) start. Two workers each at the full rate would start 40 or more.
    const times = got.map((q) => q.receivedAt).sort((a, b) => a - b);
    const busiest = Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + 2000).length));
    expect(busiest).toBeLessThanOrEqual(30);
  });
});
