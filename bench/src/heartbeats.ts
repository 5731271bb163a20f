import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import { api, createTestDatabase, testStream } from '@ops/testing';
import postgres from 'postgres';
import { Pool } from 'undici';
import { startService } from './services.js';
import { summary } from './stats.js';

/**
 * `pnpm bench:heartbeats`: the device service as its own process on PostgreSQL, D registered devices beating
 * as fast as C concurrent requests allow, with metrics that break no rule. Prints heartbeats per second, their
 * latency, and how many device rows PostgreSQL updated meanwhile (the hot path writes only on change, plus one
 * last-seen statement per presence interval). Asserts nothing.
 */
const { values: args } = parseArgs({
  options: {
    devices: { type: 'string', default: '2000' },
    heartbeats: { type: 'string', default: '40000' },
    concurrency: { type: 'string', default: '64' },
  },
});
const D = Number(args.devices);
const H = Number(args.heartbeats);
const C = Number(args.concurrency);

const db = await createTestDatabase();
const stream = testStream();
const env = {
  ...stream.env,
  DATABASE_URL: db.url,
  LOG_LEVEL: 'warn',
  JWT_KEY_FILE: join(tmpdir(), `ops-bench-hb-${process.pid}.pem`),
  ADMIN_EMAIL: 'admin@example.com',
  ADMIN_PASSWORD: 'admin-password',
};
const user = await startService('user', env);
const device = await startService('device', {
  ...env,
  JWKS_URL: `${user.url}/.well-known/jwks.json`,
  DEVICE_PRESENCE_INTERVAL_MS: '10000',
});
const sql = postgres(db.url, { max: 1 });
const pool = new Pool(device.url, { connections: C });

try {
  const token = (await api(user.url).post('/auth/login/password', { email: 'admin@example.com', password: 'admin-password' })).body
    .access_token;
  const admin = api(device.url, token);
  await admin.post('/api/v1/devices/alert-rules', {
    org_id: 'org_bench',
    name: 'Overheating',
    metric: 'temperature',
    operator: 'gt',
    threshold: 1000,
  });
  const credentials: string[] = [];
  for (let i = 0; i < D; i++) {
    const res = await admin.post('/api/v1/devices', {
      org_id: 'org_bench',
      device_name: `Sensor-${i}`,
      hardware_id: `hw-bench-${i}`,
      firmware_version: '1.0.0',
    });
    credentials.push(res.body.credential);
  }
  const beat = async (i: number) => {
    const started = performance.now();
    const res = await pool.request({
      path: '/api/v1/devices/heartbeat',
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Device ${credentials[i % D]}` },
      body: JSON.stringify({ metrics: { temperature: 40 + (i % 30), cpu: i % 100, memory: 50 } }),
    });
    await res.body.dump();
    if (res.statusCode !== 204) throw new Error(`heartbeat answered ${res.statusCode}`);
    return performance.now() - started;
  };
  // Every device once: each goes online (one write and one event each), and the caches fill.
  for (let i = 0; i < D; i += C) await Promise.all(Array.from({ length: Math.min(C, D - i) }, (_, k) => beat(i + k)));
  await new Promise((r) => setTimeout(r, 1500));
  const statsBefore = await updates();
  const outboxBefore = await outboxRows();

  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: C }, async () => {
      while (next < H) latencies.push(await beat(next++));
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  // PostgreSQL publishes a backend's table statistics within a second of its last transaction.
  await new Promise((r) => setTimeout(r, 1500));
  const rowsUpdated = (await updates()) - statsBefore;
  const events = (await outboxRows()) - outboxBefore;
  const latency = summary(latencies);
  process.stdout.write(
    [
      '',
      `heartbeats: ${H} from ${D} devices, ${C} in flight, metrics breaking no rule`,
      `  ${Math.round(H / seconds)} heartbeats/s; latency p50 ${latency.p50.toFixed(1)} ms, p99 ${latency.p99.toFixed(1)} ms`,
      `  device rows updated meanwhile: ${rowsUpdated} (last-seen flushes only); events written: ${events}`,
      '',
    ].join('\n'),
  );
} finally {
  await pool.close();
  await sql.end();
  await device.stop();
  await user.stop();
  await stream.delete();
  await db.drop();
}

async function updates(): Promise<number> {
  const [row] = await sql<
    { n: string }[]
  >`select n_tup_upd::text as n from pg_stat_user_tables where schemaname = 'devices' and relname = 'devices'`;
  return Number(row?.n ?? 0);
}

async function outboxRows(): Promise<number> {
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from devices.outbox`;
  return row!.n;
}
