import { api, createTestDatabase, Receiver, waitFor, type ServiceProcess, type TestDatabase } from '@ops/testing';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceRegistered, keepCalling, startProcessFixture, type ProcessFixture } from './process.fixture.js';

// Each service runs as its own built process (`pnpm build` first) and is sent real signals.
let db: TestDatabase;
let f: ProcessFixture;
let sql: postgres.Sql;

beforeAll(async () => {
  db = await createTestDatabase();
  f = await startProcessFixture(db.url);
  sql = postgres(db.url, { max: 1, onnotice: () => {} });
});

afterAll(async () => {
  await sql?.end();
  await f?.close();
  await db?.drop();
});

/**
 * The shutdown log lines, sorted: closeInOrder runs the steps one after the other, but pino's asynchronous
 * writes to a pipe have been seen to arrive out of order around exit, so the test checks each step is there.
 */
const shutdownSteps = (service: ServiceProcess) =>
  service.logs
    .map((l) => String(l.msg))
    .filter((m) => m.startsWith('shutdown: '))
    .sort();
const sorted = (steps: readonly string[]) => [...steps].sort();

const runtimeSteps = [
  'shutdown: revocation feed stopped',
  'shutdown: lost-events watch stopped',
  'shutdown: membership feed stopped',
  'shutdown: outbox relay stopped',
  'shutdown: NATS drained',
  'shutdown: database closed',
  'shutdown: runtime closed',
];

describe('a service signalled under load', () => {
  it.each([
    { service: 'user', signal: 'SIGTERM', path: '/auth/register', before: [] as string[] },
    { service: 'org', signal: 'SIGINT', path: '/health/ready', before: [] },
    { service: 'subscription', signal: 'SIGTERM', path: '/health/ready', before: ['shutdown: billing cycle stopped'] },
    { service: 'device', signal: 'SIGINT', path: '/health/ready', before: ['shutdown: presence sweep stopped'] },
  ] as const)('$service logs every close step and exits 0 on $signal', async ({ service, signal, path, before }) => {
    const proc = await f.start(service);
    let n = 0;
    const load = keepCalling(async () => {
      const body = path === '/auth/register' ? { email: `load-${n++}@example.com`, password: 'SecurePass123!', name: 'Load' } : undefined;
      const res = await fetch(
        proc.url + path,
        body ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {},
      );
      await res.arrayBuffer();
      return res.status;
    });
    await waitFor('some requests answered', () => load.statuses.length >= 20);
    proc.kill(signal);
    expect(await proc.exited).toEqual({ code: 0, signal: null });
    await load.stop();
    expect(shutdownSteps(proc)).toEqual(
      sorted(['shutdown: started', 'shutdown: HTTP server closed', ...before, ...runtimeSteps, 'shutdown: complete']),
    );
    // Requests under way at the signal were answered, not cut off; those arriving while closing may get 503.
    expect(load.statuses.filter((s) => s >= 500 && s !== 503)).toEqual([]);
    expect(load.statuses.filter((s) => s < 400).length).toBeGreaterThanOrEqual(20);
  });

  it('the gateway closes and exits 0 on SIGTERM', async () => {
    const gateway = await f.start('gateway', { USER_URL: f.user.url });
    const load = keepCalling(async () => (await api(gateway.url).get('/health')).status);
    await waitFor('some requests answered', () => load.statuses.length >= 20);
    gateway.kill('SIGTERM');
    expect(await gateway.exited).toEqual({ code: 0, signal: null });
    await load.stop();
    expect(shutdownSteps(gateway)).toEqual(sorted(['shutdown: started', 'shutdown: HTTP server closed', 'shutdown: complete']));
  });
});

describe('the webhook service signalled mid-delivery', () => {
  it('records the attempts in flight, hands back the queued and the unfinished ones, exits 0, and a new process sends the rest at once', {
    timeout: 60_000,
  }, async () => {
    const quick = await Receiver.start();
    const hanging = await Receiver.start();
    quick.respondWith(() => ({ status: 200, delayMs: 300 }));
    hanging.respondWith(() => ({ status: 200, delayMs: 30_000 }));
    try {
      // Four requests at a time per endpoint, the service's default limit: a lane then holds more than it sends.
      const env = { SHUTDOWN_GRACE_MS: '2000', WEBHOOK_CONSUMER: 'webhook-shutdown', WEBHOOK_ENDPOINT_CONCURRENCY: '4' };
      const first = await f.start('webhook', env);
      const admin = api(first.url, f.adminToken);
      const endpoints = [];
      for (const receiver of [quick, hanging]) {
        const created = await admin.post('/api/v1/webhooks', { url: receiver.url, events: ['device.*'] });
        expect(created.status).toBe(201);
        endpoints.push(created.body.id as string);
      }
      const events = Array.from({ length: 40 }, (_, i) => deviceRegistered(i));
      await f.publisher.publishAll(events);
      await quick.waitForRequests(4);
      await hanging.waitForRequests(4);

      const signalledAt = Date.now();
      first.kill('SIGTERM');
      expect(await first.exited).toEqual({ code: 0, signal: null });
      // The grace period bounds the wait for the hanging receiver.
      expect(Date.now() - signalledAt).toBeLessThan(2000 + 5000);
      const [stopped] = first.logged('dispatcher stopped');
      expect(stopped).toMatchObject({ unfinished: 4 });
      expect(stopped!.handedBack as number).toBeGreaterThan(0);
      expect(stopped!.finished as number).toBeGreaterThanOrEqual(4);
      expect(shutdownSteps(first)).toEqual(
        sorted([
          'shutdown: started',
          'shutdown: claims stopped',
          'shutdown: HTTP server closed',
          'shutdown: retention sweeper stopped',
          'shutdown: replays stopped',
          'shutdown: dispatcher stopped',
          'shutdown: circuit reading stopped',
          'shutdown: worker registration ended',
          'shutdown: webhook sender closed',
          ...runtimeSteps,
          'shutdown: complete',
        ]),
      );

      // Nothing is left claimed by the process that left, and every request the quick receiver answered is recorded.
      expect(await sql`select id from webhooks.deliveries where status = 'in_flight'`).toEqual([]);
      // Each delivery's latest attempt is on its row, the earlier ones in attempts.
      const [recorded] =
        await sql`select (select count(*) from webhooks.attempts a join webhooks.deliveries d on d.id = a.delivery_id where d.endpoint_id = ${endpoints[0]!})
        + (select count(*) from webhooks.deliveries where endpoint_id = ${endpoints[0]!} and last_attempt_id is not null) as n`;
      expect(Number(recorded!.n)).toBe(quick.requests.length);

      for (const receiver of [quick, hanging]) receiver.respondWith(() => ({ status: 200 }));
      await f.start('webhook', env);
      const restartedAt = Date.now();
      const unique = (r: Receiver) => new Set(r.requests.map((q) => q.headers['webhook-id'])).size;
      await waitFor('every event at both receivers', () => unique(quick) === 40 && unique(hanging) === 40, { timeoutMs: 10_000 });
      // Well inside the 110 s lease a dead process's claims would have held them.
      expect(Date.now() - restartedAt).toBeLessThan(10_000);
    } finally {
      await Promise.all([quick.close(), hanging.close()]);
    }
  });

  it('exits at once, non-zero, on a second signal', async () => {
    const hanging = await Receiver.start();
    hanging.respondWith(() => ({ status: 200, delayMs: 30_000 }));
    try {
      const proc = await f.start('webhook', { SHUTDOWN_GRACE_MS: '60000', WEBHOOK_CONSUMER: 'webhook-second-signal' });
      const created = await api(proc.url, f.adminToken).post('/api/v1/webhooks', { url: hanging.url, events: ['device.*'] });
      expect(created.status).toBe(201);
      await f.publisher.publishAll([deviceRegistered(100), deviceRegistered(101)]);
      await hanging.waitForRequests(2);
      proc.kill('SIGTERM');
      await waitFor('the dispatcher to be waiting for its attempts', () => proc.logged('shutdown: replays stopped').length > 0);
      const secondAt = Date.now();
      proc.kill('SIGTERM');
      expect(await proc.exited).toEqual({ code: 143, signal: null });
      // At once: not after the 60 s grace nor the receiver's 30 s (a bound far from both, not a speed test).
      expect(Date.now() - secondAt).toBeLessThan(15_000);
      expect(proc.logged('second signal')).toHaveLength(1);
    } finally {
      await hanging.close();
    }
  });
});
