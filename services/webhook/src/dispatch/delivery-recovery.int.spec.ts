import { startServiceProcess, waitFor } from '@ops/testing';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { deliveries } from '../schema.js';
import { useWebhookFixture, userCreated } from '../../test/webhook.fixture.js';

/** What happens to deliveries in flight when a worker dies or is stopped. */
const suite = useWebhookFixture({ WEBHOOK_ENDPOINT_CONCURRENCY: '1' });

describe('delivery recovery', () => {
  it('after kill -9 of the worker holding deliveries, another worker sends them within seconds, same webhook-id', async () => {
    const endpoint = await suite.f.endpointFor(suite.receiver, { events: ['user.created'] });
    // The victim, a real process, is the only worker: it ingests the events and holds them, in flight, on a
    // receiver that does not answer.
    await suite.f.stop();
    suite.receiver.respondWith(() => ({ status: 200, delayMs: 30_000 }));
    // The built service (the test command builds first), as a process of its own to be killed.
    const victim = await startServiceProcess('webhook', { ...suite.f.env, WEBHOOK_PORT: '0', LOG_LEVEL: 'info' });
    try {
      const sent = [];
      for (let i = 0; i < 3; i++) sent.push(await suite.f.publish('user.created', userCreated(`held-${i}`)));
      await suite.receiver.waitForRequests(1, 20_000);
      // The survivor starts while the victim still lives (a second replica), then the victim dies.
      await suite.f.restart();
      const database = suite.f.service.runtime.database;
      // Concurrency 1: one request hangs, the rest wait behind it (in the victim's lane, or pending).
      const held = await waitFor('the victim to hold the three, one in flight', async () => {
        const rows = await database.orm.select().from(deliveries).where(sql`${deliveries.endpointId} = ${endpoint.id}`);
        return rows.length === 3 && rows.some((r) => r.status === 'in_flight' && r.workerId !== null) ? rows : null;
      });
      suite.receiver.respondWith(() => ({ status: 200 }));
      const killedAt = Date.now();
      victim.kill('SIGKILL');
      await victim.exited;
      const answered = () =>
        new Set(suite.receiver.requests.filter((r) => r.receivedAt > killedAt).map((r) => String(r.headers['webhook-id'])));
      await waitFor('the three to be sent again after the kill', () => answered().size === 3, { timeoutMs: 20_000 });
      expect([...answered()].sort()).toEqual(sent.map((e) => e.id).sort());
      const rows = await waitFor('all three logged as succeeded', async () => {
        const list = await database.orm.select().from(deliveries).where(sql`${deliveries.endpointId} = ${endpoint.id}`);
        return list.every((r) => r.status === 'succeeded') ? list : null;
      });
      expect(rows.map((r) => r.id).sort()).toEqual(held.map((r) => r.id).sort());
      // Not a timing assertion: the old lease (4 requests' time + 30 s) would take about a minute here.
      process.stdout.write(
        `worker takeover: sent again ${Math.max(...suite.receiver.requests.map((r) => r.receivedAt)) - killedAt} ms after kill -9\n`,
      );
    } finally {
      victim.kill('SIGKILL');
    }
  });

  it('on shutdown finishes the request in flight, hands back the queued ones, and a new worker sends them once', async () => {
    suite.receiver.requests.length = 0;
    suite.receiver.respondWith(() => ({ status: 200, delayMs: 300 }));
    const endpoint = await suite.f.endpointFor(suite.receiver, { events: ['user.login'] });
    const sent = [];
    for (let i = 0; i < 5; i++) {
      sent.push(
        await suite.f.publish('user.login', { user_id: `usr_${i}`, email: `u${i}@example.com`, login_at: new Date().toISOString() }),
      );
    }
    // Concurrency 1: one request is out, the other four wait in the endpoint's lane.
    await suite.receiver.waitForRequests(1);
    await suite.f.restart();
    suite.receiver.respondWith(() => ({ status: 200 }));
    await suite.receiver.waitForRequests(5);
    const byEvent = new Map<string, number>();
    for (const r of suite.receiver.requests)
      byEvent.set(String(r.headers['webhook-id']), (byEvent.get(String(r.headers['webhook-id'])) ?? 0) + 1);
    expect([...byEvent.keys()].sort()).toEqual(sent.map((e) => e.id).sort());
    expect([...byEvent.values()].every((n) => n === 1)).toBe(true);
    const logged = await waitFor('all five logged as succeeded', async () => {
      const list = (await suite.f.admin.get(`/api/v1/webhooks/${endpoint.id}/deliveries`)).body.data as Array<{
        status: string;
        attempt_count: number;
      }>;
      return list.length === 5 && list.every((d) => d.status === 'succeeded') ? list : null;
    });
    expect(logged.map((d) => d.attempt_count)).toEqual([1, 1, 1, 1, 1]);
  });
});
