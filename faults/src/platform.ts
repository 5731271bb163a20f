import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@ops/logger';
import { connectNats, EventPublisher, type NatsConnection } from '@ops/messaging';
import {
  api,
  clusterServerBin,
  freePort,
  NatsCluster,
  NatsServer,
  startPrivatePostgres,
  WebhookTally,
  type PrivatePostgres,
} from '@ops/testing';
import { SupervisedService } from './supervised-service.js';

const ADMIN = { email: 'admin@faults.example.com', password: 'admin-password' };

export interface PlatformShape {
  /** Webhook service processes sharing the ingest consumer and the delivery table. Default 1. */
  webhooks?: number;
  /** User service processes (each runs an outbox relay). Default 1. */
  users?: number;
  /** Settings on top of the suite's, for every service. */
  env?: Record<string, string>;
  /** One nats-server (default), or a three-node cluster (nats-server 2.10+) with the stream on all three. */
  nats?: 'single' | 'cluster';
}

/** The broker a platform runs on: one server or a cluster. */
type Broker = { kind: 'single'; server: NatsServer } | { kind: 'cluster'; cluster: NatsCluster };

async function startBroker(kind: PlatformShape['nats']): Promise<Broker> {
  if (kind !== 'cluster') return { kind: 'single', server: await NatsServer.start() };
  const bin = clusterServerBin();
  if (!bin) throw new Error('a NATS cluster needs nats-server 2.10+: run `bash infra/nats/fetch-nats-server.sh`, or set NATS_SERVER_BIN');
  return { kind: 'cluster', cluster: await NatsCluster.start(bin) };
}

const brokerUrl = (broker: Broker) => (broker.kind === 'single' ? broker.server.url : broker.cluster.url);
const closeBroker = (broker: Broker) => (broker.kind === 'single' ? broker.server.close() : broker.cluster.close());

/**
 * The platform as production runs it, private to one scenario: a PostgreSQL and a nats-server of its own
 * (so that crashing them disturbs no one), user and webhook services as separate processes from their built
 * `dist/main.js`, and loopback receivers. Settings shorten retries so that a run takes seconds, not hours.
 */
export class FaultPlatform {
  /** Platforms started and not yet closed: what an interrupted run must still tear down. */
  private static readonly open = new Set<FaultPlatform>();
  readonly tallies: WebhookTally[] = [];
  /** Endpoints not expected to get every event (a receiver that hangs, or answers 410): not counted as losses. */
  readonly exempt = new Set<WebhookTally>();
  /** Each receiver's endpoint id. */
  readonly endpointIds = new Map<WebhookTally, string>();

  private constructor(
    readonly postgres: PrivatePostgres,
    private readonly broker: Broker,
    readonly users: SupervisedService[],
    readonly webhooks: SupervisedService[],
    readonly adminToken: string,
    /** The events stream's settings, as the services got them. */
    readonly stream: { env: { NATS_URL: string; EVENTS_STREAM: string; EVENTS_SUBJECT_PREFIX: string } },
    /** The scenario's own connection, publishing as a domain service would (accepted = PubAck'd). */
    readonly publisher: EventPublisher,
    private readonly client: NatsConnection,
    private readonly dataDir: string,
  ) {}

  static async start(shape: PlatformShape = {}): Promise<FaultPlatform> {
    const cleanups: Array<() => Promise<unknown> | unknown> = [];
    try {
      const postgres = await startPrivatePostgres();
      cleanups.push(() => postgres.destroy());
      const broker = await startBroker(shape.nats);
      cleanups.push(() => closeBroker(broker));
      const dataDir = mkdtempSync(join(tmpdir(), 'ops-faults-'));
      cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
      const id = randomBytes(4).toString('hex');
      const env: Record<string, string> = {
        NATS_URL: brokerUrl(broker),
        EVENTS_REPLICAS: broker.kind === 'cluster' ? '3' : '1',
        EVENTS_STREAM: `FAULTS_${id}`,
        EVENTS_SUBJECT_PREFIX: `f${id}.events`,
        DATABASE_URL: postgres.url,
        DATA_DIR: dataDir,
        LOG_LEVEL: 'info',
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        WEBHOOK_ALLOWED_CIDRS: '127.0.0.1/32',
        WEBHOOK_SECRETS_KEY: randomBytes(32).toString('base64'),
        WEBHOOK_POLL_INTERVAL_MS: '100',
        // Failed attempts come back within a second, so that an outage's retries finish within the run.
        WEBHOOK_RETRY_DELAYS_MS: '200,500,1000,1000,1000,1000,1000,1000,1000,1000',
        WEBHOOK_RETRY_FLOOR_MS: '1000',
        WEBHOOK_RETRY_AFTER_MAX_MS: '2000',
        OUTBOX_VERIFY_INTERVAL_MS: '1000',
        // The registration load comes from one address: an abuse limit is not what is under test.
        REGISTER_RATE_LIMIT: '1000000',
        JWT_KEY_FILE: join(dataDir, 'jwt-ed25519.pem'),
        ...shape.env,
      };
      const startAll = async (service: string, count: number) => {
        const started: SupervisedService[] = [];
        for (let i = 0; i < count; i++) {
          const port = String(await freePort());
          const process = await SupervisedService.start(`${service}-${i + 1}`, service, {
            ...env,
            [`${service.toUpperCase()}_PORT`]: port,
          });
          cleanups.push(() => process.close());
          started.push(process);
        }
        return started;
      };
      const users = await startAll('user', shape.users ?? 1);
      env.JWKS_URL = `${users[0]!.url}/.well-known/jwks.json`;
      const webhooks = await startAll('webhook', shape.webhooks ?? 1);
      const login = await api(users[0]!.url).post('/auth/login/password', ADMIN);
      if (login.status !== 200) throw new Error(`admin login: ${login.status} ${JSON.stringify(login.body)}`);
      const client = await connectNats({
        servers: brokerUrl(broker),
        name: 'faults',
        logger: createLogger({ name: 'faults', level: 'silent' }),
      });
      cleanups.push(() => client.close());
      // Publishes fail fast while NATS is down: the scenario counts only what was acknowledged.
      const publisher = new EventPublisher(client, { subjectPrefix: env.EVENTS_SUBJECT_PREFIX!, ackTimeoutMs: 2000 });
      const stream = {
        env: { NATS_URL: brokerUrl(broker), EVENTS_STREAM: env.EVENTS_STREAM!, EVENTS_SUBJECT_PREFIX: env.EVENTS_SUBJECT_PREFIX! },
      };
      const platform = new FaultPlatform(postgres, broker, users, webhooks, login.body.access_token, stream, publisher, client, dataDir);
      FaultPlatform.open.add(platform);
      return platform;
    } catch (err) {
      for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
      throw err;
    }
  }

  /** The nats-server, on a single-server platform. */
  get nats(): NatsServer {
    if (this.broker.kind !== 'single') throw new Error('this platform runs on a NATS cluster');
    return this.broker.server;
  }

  /** The three-node cluster, on a cluster platform. */
  get cluster(): NatsCluster {
    if (this.broker.kind !== 'cluster') throw new Error('this platform runs on one nats-server');
    return this.broker.cluster;
  }

  /** Every service process, users first. */
  get services(): SupervisedService[] {
    return [...this.users, ...this.webhooks];
  }

  /** A receiver, subscribed through the webhook API to `events`, verifying with the endpoint's secret. */
  async endpoint(events: string[], { mustReceiveAll = true } = {}): Promise<WebhookTally> {
    const tally = await WebhookTally.start();
    this.tallies.push(tally);
    if (!mustReceiveAll) this.exempt.add(tally);
    const created = await api(this.webhooks[0]!.url, this.adminToken).post('/api/v1/webhooks', {
      url: tally.url,
      events,
      description: 'fault injection',
    });
    if (created.status !== 201) throw new Error(`creating an endpoint: ${created.status} ${JSON.stringify(created.body)}`);
    tally.verifyWith(created.body.secret);
    this.endpointIds.set(tally, created.body.id);
    return tally;
  }

  /** Closes every platform still open (a run interrupted by a signal). */
  static async closeAll(): Promise<void> {
    await Promise.allSettled([...FaultPlatform.open].map((p) => p.close()));
  }

  async close(): Promise<void> {
    FaultPlatform.open.delete(this);
    await Promise.allSettled(this.tallies.map((t) => t.close()));
    await Promise.allSettled(this.services.map((s) => s.close()));
    await this.client.close().catch(() => undefined);
    await closeBroker(this.broker);
    await this.postgres.destroy();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
