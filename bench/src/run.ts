import { fork, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createEvent } from '@ops/events';
import { sql } from 'drizzle-orm';
import { startPlatform } from '@ops/local';
import { createLogger } from '@ops/logger';
import { connectNats, EventPublisher } from '@ops/messaging';
import { api, createTestDatabase, testStream, waitFor } from '@ops/testing';
import { summary } from './stats.js';

/**
 * `pnpm bench`: publishes N events to M subscribed endpoints on loopback receivers, and prints logged
 * deliveries per second and publish-to-receipt latency; then times POST /auth/register with 0 and with 50
 * subscribed endpoints. Real NATS and PostgreSQL (TEST_DATABASE_URL's server, a fresh database).
 */
const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '10000' },
    endpoints: { type: 'string', default: '10' },
    registrations: { type: 'string', default: '100' },
  },
});
const N = Number(args.events);
const M = Number(args.endpoints);
const R = Number(args.registrations);

const logger = createLogger({ name: 'bench', level: process.env.BENCH_LOG_LEVEL ?? 'info' });
const db = await createTestDatabase();
const stream = testStream();
const platform = await startPlatform({
  ...stream.env,
  DATABASE_URL: db.url,
  USER_PORT: '0',
  WEBHOOK_PORT: '0',
  LOG_LEVEL: 'warn',
  JWT_KEY_FILE: join(tmpdir(), `ops-bench-${process.pid}.pem`),
  ADMIN_EMAIL: 'admin@example.com',
  ADMIN_PASSWORD: 'admin-password',
});
const receivers = fork(new URL('./receivers.js', import.meta.url), [String(M)]);
const ask = <T>(child: ChildProcess, type: string) =>
  new Promise<T>((resolve) => {
    const listen = (m: { type: string }) => {
      if (m.type === type) {
        child.off('message', listen);
        resolve(m as T);
      }
    };
    child.on('message', listen);
    if (type !== 'ready') child.send({ type });
  });

try {
  const { ports } = await ask<{ ports: number[] }>(receivers, 'ready');
  const token = (await api(platform.user.url).post('/auth/login/password', { email: 'admin@example.com', password: 'admin-password' })).body.access_token;
  const webhooks = api(platform.webhook.url, token);

  // Registration latency before any endpoint exists.
  const registerMs = async (label: string) => {
    const times: number[] = [];
    for (let i = 0; i < R; i++) {
      const started = performance.now();
      await api(platform.user.url).post('/auth/register', { email: `${label}-${i}@bench.example.com`, password: 'SecurePass123!', name: 'Bench' });
      times.push(performance.now() - started);
    }
    return summary(times);
  };
  const register0 = await registerMs('zero');

  for (const port of ports) {
    await webhooks.post('/api/v1/webhooks', { url: `http://127.0.0.1:${port}/hook`, events: ['device.*'] });
  }

  const nats = await connectNats({ servers: stream.env.NATS_URL, name: 'bench', logger });
  const publisher = new EventPublisher(nats, { subjectPrefix: stream.env.EVENTS_SUBJECT_PREFIX });
  const events = Array.from({ length: N }, (_, i) =>
    createEvent({
      type: 'device.online',
      source: 'bench',
      orgId: null,
      data: { device_id: `dev_${i}`, device_name: `Sensor-${i}`, status: 'online', previous_status: 'offline', timestamp: new Date().toISOString() },
    }),
  );
  logger.info({ events: N, endpoints: M, deliveries: N * M }, 'publishing');
  const publishStarted = Date.now();
  for (const event of events) (event as { time: string }).time = new Date().toISOString();
  await publisher.publishAll(events);
  const publishMs = Date.now() - publishStarted;
  await waitFor(
    `${N * M} deliveries`,
    async () => {
      const { received } = await ask<{ received: number }>(receivers, 'count');
      logger.debug({ received }, 'received so far');
      return received >= N * M;
    },
    { timeoutMs: 600_000, intervalMs: 200 },
  );
  const loggedBy = Date.now();
  const logged = await waitFor(
    'every delivery logged as succeeded',
    async () => {
      const [row] = await platform.webhook.runtime.database.query<{ n: number }>(
        platform.webhook.runtime.database.orm,
        sql`select count(*)::int as n from webhooks.deliveries where status = 'succeeded'`,
      );
      logger.debug({ logged: row!.n }, 'logged so far');
      return row!.n >= N * M ? Date.now() : null;
    },
    { timeoutMs: 600_000, intervalMs: 100 },
  );
  const receipt = await ask<{ latenciesMs: number[]; first: number; last: number }>(receivers, 'results');
  const elapsedS = (logged - publishStarted) / 1000;
  const latency = summary(receipt.latenciesMs);

  // Registration latency with 50 endpoints subscribed to user.created.
  for (let i = 0; i < 50; i++) {
    await webhooks.post('/api/v1/webhooks', { url: `http://127.0.0.1:${ports[i % ports.length]}/hook`, events: ['user.created'] });
  }
  const register50 = await registerMs('fifty');
  await nats.close();

  const round = (n: number) => Math.round(n * 10) / 10;
  process.stdout.write(
    [
      '',
      `delivery: ${N} events x ${M} endpoints = ${N * M} deliveries`,
      `  published in ${publishMs} ms (${Math.round(N / (publishMs / 1000))} events/s)`,
      `  all received ${loggedBy - publishStarted} ms after the first publish; all logged as succeeded after ${logged - publishStarted} ms`,
      `  throughput: ${Math.round((N * M) / elapsedS)} logged deliveries/s`,
      `  publish -> receipt latency: p50 ${latency.p50} ms, p99 ${latency.p99} ms, max ${latency.max} ms`,
      `POST /auth/register (${R} sequential, argon2id included):`,
      `  0 endpoints:  p50 ${round(register0.p50)} ms, p99 ${round(register0.p99)} ms`,
      `  50 endpoints: p50 ${round(register50.p50)} ms, p99 ${round(register50.p99)} ms`,
      '',
    ].join('\n'),
  );
} finally {
  receivers.kill();
  await platform.close();
  await stream.delete();
  await db.drop();
}
