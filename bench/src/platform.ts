import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEvent, type EventEnvelope } from '@ops/events';
import { createLogger } from '@ops/logger';
import { connectNats, EventPublisher } from '@ops/messaging';
import { api, createTestDatabase, testStream, type TestDatabase, type TestStream } from '@ops/testing';
import type { NatsConnection } from '@nats-io/transport-node';
import postgres from 'postgres';
import { startService, type ServiceProcess } from './services.js';

const logger = createLogger({ name: 'bench', level: process.env.BENCH_LOG_LEVEL ?? 'warn' });

/**
 * One scenario's platform: a fresh PostgreSQL database and test stream, the user service (it issues the admin's
 * token and is the outbox writer), and N webhook processes sharing one consumer, each its own process. Fresh for
 * every scenario, so that no backlog, history or hung request of one is counted in the next.
 */
export class Platform {
  private constructor(
    readonly db: TestDatabase,
    readonly stream: TestStream,
    readonly user: ServiceProcess,
    readonly webhooks: ServiceProcess[],
    /** The bench's own connection (application_name `bench`, left out of the figures). */
    readonly sql: postgres.Sql,
    readonly databaseName: string,
    private readonly nats: NatsConnection,
    readonly publisher: EventPublisher,
  ) {}

  static async start({ webhookReplicas }: { webhookReplicas: number }): Promise<Platform> {
    const db = await createTestDatabase();
    const stream = testStream();
    const env = {
      ...stream.env,
      DATABASE_URL: db.url,
      // Errors only: the hung endpoint's circuit warnings would interleave with the tables.
      LOG_LEVEL: 'error',
      JWT_KEY_FILE: join(tmpdir(), `ops-bench-${process.pid}-${randomBytes(4).toString('hex')}.pem`),
      ADMIN_EMAIL: 'admin@example.com',
      ADMIN_PASSWORD: 'admin-password',
      WEBHOOK_ALLOWED_CIDRS: '127.0.0.1/32',
      WEBHOOK_SECRETS_KEY: randomBytes(32).toString('base64'),
      // The outbox scenario signs up its writers from loopback; the per-address limit is not what it measures.
      REGISTER_RATE_LIMIT: '100000',
      LOGIN_RATE_LIMIT: '100000',
    };
    const user = await startService('user', env);
    const webhooks: ServiceProcess[] = [];
    for (let i = 1; i <= webhookReplicas; i++) {
      webhooks.push(
        await startService(
          'webhook',
          { ...env, JWKS_URL: `${user.url}/.well-known/jwks.json` },
          webhookReplicas === 1 ? 'webhook' : `webhook-${i}`,
        ),
      );
    }
    const sql = postgres(db.url, { max: 1, onnotice: () => {}, connection: { application_name: 'bench' } });
    const nats = await connectNats({ servers: stream.env.NATS_URL, name: 'bench', logger });
    const publisher = new EventPublisher(nats, { subjectPrefix: stream.env.EVENTS_SUBJECT_PREFIX });
    return new Platform(db, stream, user, webhooks, sql, new URL(db.url).pathname.slice(1), nats, publisher);
  }

  async adminToken(): Promise<string> {
    const res = await api(this.user.url).post('/auth/login/password', { email: 'admin@example.com', password: 'admin-password' });
    return res.body.access_token as string;
  }

  /** One endpoint per URL, subscribed to `events`; returns their ids in the same order. */
  async createEndpoints(urls: readonly string[], events: string[]): Promise<string[]> {
    const webhooks = api(this.webhooks[0]!.url, await this.adminToken());
    const ids: string[] = [];
    for (const url of urls) {
      const res = await webhooks.post('/api/v1/webhooks', { url, events });
      if (res.status !== 201) throw new Error(`creating an endpoint answered ${res.status}: ${JSON.stringify(res.body)}`);
      ids.push(res.body.id as string);
    }
    return ids;
  }

  /**
   * Deliveries logged as succeeded (to the given endpoints, or all). The one place the bench reads the
   * delivery log: a change to how success is recorded changes this query only.
   */
  async logged(endpointIds?: readonly string[]): Promise<number> {
    const [row] = endpointIds
      ? await this.sql<
          { n: number }[]
        >`select count(*)::int as n from webhooks.deliveries where status = 'succeeded' and endpoint_id = any(${endpointIds as string[]})`
      : await this.sql<{ n: number }[]>`select count(*)::int as n from webhooks.deliveries where status = 'succeeded'`;
    return row!.n;
  }

  async stop(): Promise<void> {
    await this.nats.close();
    await this.sql.end();
    for (const webhook of this.webhooks) await webhook.stop();
    await this.user.stop();
    await this.stream.delete();
    await this.db.drop();
  }
}

/** The event the delivery scenarios send: small, like most platform events. */
export function deviceOnline(i: number): EventEnvelope {
  return createEvent({
    type: 'device.online',
    // The device service's own source: ingest delivers only what the catalog lets a source publish.
    source: 'device',
    orgId: null,
    data: {
      device_id: `dev_${i}`,
      device_name: `Sensor-${i}`,
      status: 'online',
      previous_status: 'offline',
      timestamp: new Date().toISOString(),
    },
  });
}
