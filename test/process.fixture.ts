import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEvent } from '@ops/events';
import { createLogger } from '@ops/logger';
import { connectNats, EventPublisher, type NatsConnection } from '@ops/messaging';
import { api, startServiceProcess, testStream, type ServiceProcess, type TestStream } from '@ops/testing';

export const ADMIN = { email: 'admin@example.com', password: 'admin-password' };

/**
 * Services as separate processes on one database and a stream of the test's own, as they run in production:
 * a user service (it issues the tokens the others verify), and whichever others a test starts.
 */
export interface ProcessFixture {
  stream: TestStream;
  /** Settings every service process gets. */
  env: Record<string, string>;
  user: ServiceProcess;
  adminToken: string;
  publisher: EventPublisher;
  /** Starts another service process with the common settings and `env` on top; stopped by `close`. */
  start(service: string, env?: Record<string, string>): Promise<ServiceProcess>;
  close(): Promise<void>;
}

export async function startProcessFixture(databaseUrl: string): Promise<ProcessFixture> {
  const stream = testStream();
  const dataDir = mkdtempSync(join(tmpdir(), 'ops-processes-'));
  const env: Record<string, string> = {
    ...stream.env,
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    USER_PORT: '0',
    WEBHOOK_PORT: '0',
    ORG_PORT: '0',
    SUBSCRIPTION_PORT: '0',
    DEVICE_PORT: '0',
    GATEWAY_PORT: '0',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    WEBHOOK_ALLOWED_CIDRS: '127.0.0.1/32',
    WEBHOOK_SECRETS_KEY: randomBytes(32).toString('base64'),
    WEBHOOK_POLL_INTERVAL_MS: '100',
    // The tests' load registers users from one address, far past the per-address limit.
    REGISTER_RATE_LIMIT: '1000000',
  };
  const started: ServiceProcess[] = [];
  const start = async (service: string, extra: Record<string, string> = {}) => {
    const process = await startServiceProcess(service, { ...env, ...extra });
    started.push(process);
    return process;
  };
  const user = await start('user');
  env.JWKS_URL = `${user.url}/.well-known/jwks.json`;
  const login = await api(user.url).post('/auth/login/password', ADMIN);
  const nats: NatsConnection = await connectNats({
    servers: stream.env.NATS_URL,
    name: 'process-tests',
    logger: createLogger({ name: 'process-tests', level: 'silent' }),
  });
  return {
    stream,
    env,
    user,
    adminToken: login.body.access_token,
    publisher: new EventPublisher(nats, { subjectPrefix: stream.env.EVENTS_SUBJECT_PREFIX }),
    start,
    async close() {
      for (const process of started) if (process.alive()) process.kill('SIGKILL');
      await Promise.all(started.map((p) => p.exited));
      await nats.close();
      await stream.delete();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A device.registered event: any event type does; this one has no side effects in any service. */
export function deviceRegistered(n: number) {
  return createEvent({
    type: 'device.registered',
    source: 'device',
    orgId: 'org_processes',
    data: {
      device_id: `dev_${n}`,
      device_name: `D${n}`,
      hardware_id: `hw${n}`,
      firmware_version: '1.0',
      registered_at: new Date().toISOString(),
    },
  });
}

/**
 * Requests sent over and over, `concurrency` at a time (each loop waiting `paceMs` between calls, to hold a
 * rate), until `stop`: the load a service is under when something happens to it. Statuses are counted;
 * refused connections (the service has closed its port) end a loop.
 */
export function keepCalling(
  call: () => Promise<number>,
  { concurrency = 4, paceMs = 0 } = {},
): { statuses: number[]; stop(): Promise<void> } {
  const statuses: number[] = [];
  let running = true;
  const loops = Array.from({ length: concurrency }, async () => {
    while (running) {
      try {
        statuses.push(await call());
      } catch {
        return;
      }
      if (paceMs > 0) await new Promise((r) => setTimeout(r, paceMs));
    }
  });
  return {
    statuses,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}
