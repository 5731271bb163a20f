import type { Revocations } from '@ops/auth';
import { connectDatabase, migrate, type Database } from '@ops/db';
import { createLogger, type Logger } from '@ops/logger';
import {
  connectNats,
  drainNats,
  ensureEventsStream,
  EventPublisher,
  StreamReader,
  type EventsStreamOptions,
  type NatsConnection,
} from '@ops/messaging';
import { OutboxRelay, OutboxVerifier, type OutboxTable } from '@ops/outbox';
import type { Registry } from 'prom-client';
import { ConfigError, type RuntimeConfig } from './config.js';
import { closeInOrder } from './close-in-order.js';
import { LostEventsWatch } from './lost-events-watch.js';
import { createMetrics, registerOutboxMetrics } from './metrics.js';
import { MembershipFeed, type RoleCache } from './membership-feed.js';
import { NatsLink } from './nats-link.js';
import { RevocationFeed } from './revocation-feed.js';

export interface RuntimeOptions {
  /** The service's name: its log name and NATS client name. */
  service: string;
  /** The PostgreSQL schema the service owns. */
  schema: string;
  config: RuntimeConfig;
  migrationsFolder: string;
  /** Present for services that publish events. */
  outbox?: OutboxTable;
  /** Follow sign-outs and other revocations from the stream (services that verify tokens without the user service's database). */
  revocations?: boolean;
  /** A cache of callers' organization roles to empty, user by user, as their memberships change. */
  roleCache?: RoleCache;
  logger?: Logger;
}

/** The connections a service process holds, opened in order and closed in reverse. */
export interface Runtime {
  service: string;
  config: RuntimeConfig;
  logger: Logger;
  nats: NatsConnection;
  /** Whether NATS is connected right now (readiness). */
  natsLink: NatsLink;
  database: Database;
  stream: EventsStreamOptions;
  relay?: OutboxRelay;
  /** With the relay: finds events the stream acknowledged and lost, and has them published again. */
  verifier?: OutboxVerifier;
  /** Present when asked for: which users' tokens were revoked when. */
  revocations?: Revocations;
  /** The service's Prometheus registry, served at /metrics. */
  metrics: Registry;
  close(): Promise<void>;
}

/**
 * Opens what every service needs: logger, database (migrated), NATS, the EVENTS stream, and, for a
 * publishing service, its outbox relay. Shutdown closes the relay, then drains NATS, then the database,
 * so that nothing in flight is cut off.
 */
export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const { config, service } = options;
  if (config.OUTBOX_VERIFY_WINDOW_MS > config.OUTBOX_RETENTION_MS)
    throw new ConfigError(['OUTBOX_VERIFY_WINDOW_MS: at most OUTBOX_RETENTION_MS']);
  const logger =
    options.logger ??
    createLogger({
      name: service,
      level: config.LOG_LEVEL,
      pretty: config.LOG_PRETTY === undefined ? undefined : config.LOG_PRETTY === 'true',
    });
  const database = await connectDatabase(config.DATABASE_URL ?? `pglite://${config.DATA_DIR}/${service}`, {
    statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
    connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS,
    reconnectMaxDelayMs: config.DATABASE_RECONNECT_MAX_DELAY_MS,
  });
  await migrate(database, { migrationsFolder: options.migrationsFolder, schema: options.schema });
  const credentials = config.NATS_USER && config.NATS_PASSWORD ? { user: config.NATS_USER, password: config.NATS_PASSWORD } : undefined;
  const nats = await connectNats({ servers: config.NATS_URL, name: service, logger, credentials });
  const natsLink = new NatsLink(nats);
  const stream: EventsStreamOptions = {
    name: config.EVENTS_STREAM,
    subjectPrefix: config.EVENTS_SUBJECT_PREFIX,
    maxAgeMs: config.EVENTS_MAX_AGE_MS,
    maxBytes: config.EVENTS_MAX_BYTES,
    duplicateWindowMs: config.EVENTS_DUPLICATE_WINDOW_MS,
    replicas: config.EVENTS_REPLICAS,
  };
  await ensureEventsStream(nats, stream);
  let relay: OutboxRelay | undefined;
  let verifier: OutboxVerifier | undefined;
  let lostEvents: LostEventsWatch | undefined;
  if (options.outbox) {
    const publisher = new EventPublisher(nats, { subjectPrefix: stream.subjectPrefix });
    const relayLogger = logger.child({ component: 'outbox-relay' });
    relay = new OutboxRelay({ database, table: options.outbox, publisher, logger: relayLogger, retentionMs: config.OUTBOX_RETENTION_MS });
    await relay.start();
    verifier = new OutboxVerifier({
      database,
      table: options.outbox,
      stream: new StreamReader(nats, stream.name),
      logger: relayLogger,
      windowMs: config.OUTBOX_VERIFY_WINDOW_MS,
    });
    lostEvents = new LostEventsWatch({ verifier, nats, logger: relayLogger, intervalMs: config.OUTBOX_VERIFY_INTERVAL_MS });
    lostEvents.start();
  }
  let feed: RevocationFeed | undefined;
  if (options.revocations) {
    feed = new RevocationFeed({
      nats,
      stream,
      logger: logger.child({ component: 'revocations' }),
      tokenTtlMs: config.ACCESS_TOKEN_TTL_S * 1000,
    });
    await feed.start();
  }
  let memberships: MembershipFeed | undefined;
  if (options.roleCache) {
    memberships = new MembershipFeed({ nats, stream, logger: logger.child({ component: 'memberships' }), roles: options.roleCache });
    await memberships.start();
  }
  const metrics = createMetrics(service);
  if (relay) registerOutboxMetrics(metrics, relay);
  return {
    service,
    config,
    logger,
    nats,
    database,
    stream,
    relay,
    verifier,
    revocations: feed?.revocations,
    metrics,
    natsLink,
    close: () =>
      closeInOrder(logger, [
        ['revocation feed stopped', async () => feed?.stop()],
        ['lost-events watch stopped', async () => lostEvents?.stop()],
        ['membership feed stopped', async () => memberships?.stop()],
        ['outbox relay stopped', async () => relay?.stop()],
        ['NATS drained', () => drainNats(nats)],
        ['database closed', () => database.close()],
      ]),
  };
}
