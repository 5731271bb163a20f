import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  api,
  createTestDatabase,
  NatsServer,
  startServiceProcess,
  testStream,
  waitFor,
  type ServiceProcess,
  type TestDatabase,
} from '@ops/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';

// A NATS server of this file's own, killed and restarted under a user service process (`pnpm build` first).
let nats: NatsServer;
let db: TestDatabase;
let user: ServiceProcess;
const dataDir = mkdtempSync(join(tmpdir(), 'ops-nats-outage-'));

beforeAll(async () => {
  nats = await NatsServer.start();
  db = await createTestDatabase();
  user = await startServiceProcess('user', {
    ...testStream().env,
    NATS_URL: nats.url,
    DATABASE_URL: db.url,
    USER_PORT: '0',
    DATA_DIR: dataDir,
  });
});

afterAll(async () => {
  if (user?.alive()) user.kill('SIGKILL');
  await user?.exited;
  await nats?.close();
  await db?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

it('readiness names NATS while it is down and is ready again within 5 s of its return; the process lives on', async () => {
  const readiness = async () => {
    const res = await fetch(`${user.url}/health/ready`);
    return { status: res.status, body: (await res.json()) as { checks: Record<string, string> } };
  };
  expect((await readiness()).status).toBe(200);

  const killedAt = Date.now();
  await nats.stop('SIGKILL');
  const down = await waitFor('not ready', async () => {
    const answer = await readiness();
    return answer.status === 503 ? answer : null;
  });
  const notReadyMs = Date.now() - killedAt;
  expect(notReadyMs).toBeLessThan(5_000);
  expect(down.body.checks).toMatchObject({ nats: 'disconnected', database: 'ok' });
  expect(user.alive()).toBe(true);

  const restartedAt = Date.now();
  await nats.start();
  await waitFor('ready again', async () => (await readiness()).status === 200);
  const readyAgainMs = Date.now() - restartedAt;
  expect(readyAgainMs).toBeLessThan(5_000);
  const registered = await api(user.url).post('/auth/register', {
    email: 'after-nats@example.com',
    password: 'SecurePass123!',
    name: 'After',
  });
  expect(registered.status).toBe(201);
  process.stdout.write(`nats outage: not ready after ${notReadyMs} ms, ready again ${readyAgainMs} ms after its return\n`);
});
