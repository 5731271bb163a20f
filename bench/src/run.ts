import { randomBytes } from 'node:crypto';
import { fork } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createEvent, type EventEnvelope } from '@ops/events';
import { createLogger } from '@ops/logger';
import { connectNats, EventPublisher } from '@ops/messaging';
import { api, createTestDatabase, testStream, waitFor } from '@ops/testing';
import postgres from 'postgres';
import { startService } from './services.js';
import { summary } from './stats.js';

/**
 * `pnpm bench`: the user and webhook services as separate processes on a fresh PostgreSQL database and a
 * test stream, M loopback receivers in a third. Prints figures, asserts nothing:
 *   burst   N events to M endpoints at once: logged deliveries per second.
 *   steady  events at a fixed rate below capacity: publish-to-receipt latency without queueing.
 *   register  POST /auth/register latency with 0 and with 50 endpoints subscribed to user.created.
 */
const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '10000' },
    endpoints: { type: 'string', default: '10' },
    rate: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '5' },
    registrations: { type: 'string', default: '100' },
  },
});
const N = Number(args.events);
const M = Number(args.endpoints);
const RATE = Number(args.rate);
const SECONDS = Number(args.seconds);
const R = Number(args.registrations);

const logger = createLogger({ name: 'bench', level: process.env.BENCH_LOG_LEVEL ?? 'info' });
const db = await createTestDatabase();
const stream = testStream();
const env = {
  ...stream.env,
  DATABASE_URL: db.url,
  LOG_LEVEL: 'warn',
  JWT_KEY_FILE: join(tmpdir(), `ops-bench-${process.pid}.pem`),
  ADMIN_EMAIL: 'admin@example.com',
  ADMIN_PASSWORD: 'admin-password',
  WEBHOOK_ALLOWED_CIDRS: '127.0.0.1/32',
  WEBHOOK_SECRETS_KEY: randomBytes(32).toString('base64'),
  // The registration benchmark signs up 100 accounts from loopback; the per-address limit is not what it measures.
  REGISTER_RATE_LIMIT: '100000',
};
const user = await startService('user', env);
const webhook = await startService('webhook', { ...env, JWKS_URL: `${user.url}/.well-known/jwks.json` });
const receivers = fork(new URL('./receivers.js', import.meta.url), [String(M)]);
const sql = postgres(db.url, { max: 1 });

const ask = <T>(type: string) =>
  new Promise<T>((resolve) => {
    const listen = (m: { type: string }) => {
      if (m.type !== type) return;
      receivers.off('message', listen);
      resolve(m as T);
    };
    receivers.on('message', listen);
    if (type !== 'ready') receivers.send({ type });
  });

const deviceOnline = (i: number): EventEnvelope =>
  createEvent({
    type: 'device.online',
    // The device service's own source: ingest delivers only what the catalog lets a source publish.
    source: 'device',
    orgId: null,
    data: { device_id: `dev_${i}`, device_name: `Sensor-${i}`, status: 'online', previous_status: 'offline', timestamp: new Date().toISOString() },
  });

async function succeeded(): Promise<number> {
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from webhooks.deliveries where status = 'succeeded'`;
  return row!.n;
}

try {
  const { ports } = await ask<{ ports: number[] }>('ready');
  const token = (await api(user.url).post('/auth/login/password', { email: 'admin@example.com', password: 'admin-password' })).body.access_token;
  const webhooks = api(webhook.url, token);
  const registerMs = async (label: string) => {
    const times: number[] = [];
    for (let i = 0; i < R; i++) {
      const started = performance.now();
      await api(user.url).post('/auth/register', { email: `${label}-${i}@bench.example.com`, password: 'SecurePass123!', name: 'Bench' });
      times.push(performance.now() - started);
    }
    return summary(times);
  };
  const register0 = await registerMs('zero');

  for (const port of ports) await webhooks.post('/api/v1/webhooks', { url: `http://127.0.0.1:${port}/hook`, events: ['device.*'] });
  const nats = await connectNats({ servers: stream.env.NATS_URL, name: 'bench', logger });
  const publisher = new EventPublisher(nats, { subjectPrefix: stream.env.EVENTS_SUBJECT_PREFIX });

  // Burst.
  logger.info({ events: N, endpoints: M }, 'burst');
  const burst = Array.from({ length: N }, (_, i) => deviceOnline(i));
  const burstStarted = Date.now();
  await publisher.publishAll(burst);
  const publishMs = Date.now() - burstStarted;
  const burstDone = await waitFor('every burst delivery logged', async () => ((await succeeded()) >= N * M ? Date.now() : null), { timeoutMs: 900_000, intervalMs: 100 });
  const burstReceipt = await ask<{ latenciesMs: number[] }>('results-and-reset');

  // Steady rate.
  logger.info({ rate: RATE, seconds: SECONDS }, 'steady');
  const steadyCount = RATE * SECONDS;
  const steadyStarted = Date.now();
  for (let i = 0; i < steadyCount; i++) {
    const due = steadyStarted + (i * 1000) / RATE;
    if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
    void publisher.publish(deviceOnline(N + i));
  }
  await waitFor('every steady delivery logged', async () => (await succeeded()) >= (N + steadyCount) * M, { timeoutMs: 300_000, intervalMs: 100 });
  const steadyReceipt = await ask<{ latenciesMs: number[] }>('results-and-reset');
  await nats.close();

  for (let i = 0; i < 50; i++) await webhooks.post('/api/v1/webhooks', { url: `http://127.0.0.1:${ports[i % ports.length]}/hook`, events: ['user.created'] });
  const register50 = await registerMs('fifty');

  const burstLatency = summary(burstReceipt.latenciesMs);
  const steadyLatency = summary(steadyReceipt.latenciesMs);
  const round = (n: number) => Math.round(n * 10) / 10;
  process.stdout.write(
    [
      '',
      `burst: ${N} events x ${M} endpoints = ${N * M} deliveries, published in ${publishMs} ms`,
      `  all logged as succeeded after ${burstDone - burstStarted} ms: ${Math.round((N * M) / ((burstDone - burstStarted) / 1000))} logged deliveries/s`,
      `  publish -> receipt (queueing included): p50 ${burstLatency.p50} ms, p99 ${burstLatency.p99} ms`,
      `steady: ${RATE} events/s x ${M} endpoints (${RATE * M} deliveries/s) for ${SECONDS} s`,
      `  publish -> receipt: p50 ${steadyLatency.p50} ms, p99 ${steadyLatency.p99} ms, max ${steadyLatency.max} ms`,
      `POST /auth/register, ${R} sequential (argon2id included):`,
      `  0 endpoints:  p50 ${round(register0.p50)} ms, p99 ${round(register0.p99)} ms`,
      `  50 endpoints: p50 ${round(register50.p50)} ms, p99 ${round(register50.p99)} ms`,
      '',
    ].join('\n'),
  );
} finally {
  receivers.kill();
  await sql.end();
  await webhook.stop();
  await user.stop();
  await stream.delete();
  await db.drop();
}
