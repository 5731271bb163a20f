import type { Revocations } from '@ops/auth';
import { connectDatabase, migrate, type Database } from '@ops/db';
import { createLogger, type Logger } from '@ops/logger';
import { connectNats, drainNats, ensureEventsStream, EventPublisher, type EventsStreamOptions, type NatsConnection } from '@ops/messaging';
import { OutboxRelay, type OutboxTable } from '@ops/outbox';
import type { Registry } from 'prom-client';
import type { RuntimeConfig } from './config.js';
import { createMetrics, registerOutboxMetrics } from './metrics.js';
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
  logger?: Logger;
}

/** The connections a service process holds, opened in order and closed in reverse. */
export interface Runtime {
  service: string;
  config: RuntimeConfig;
  logger: Logger;
  nats: NatsConnection;
  database: Database;
  stream: EventsStreamOptions;
  relay?: OutboxRelay;
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
  const logger =
    options.logger ??
    createLogger({ name: service, level: config.LOG_LEVEL, pretty: config.LOG_PRETTY === undefined ? undefined : config.LOG_PRETTY === 'true' });
  const database = await connectDatabase(config.DATABASE_URL ?? `pglite://${config.DATA_DIR}/${service}`);
  await migrate(database, { migrationsFolder: options.migrationsFolder, schema: options.schema });
  const nats = await connectNats({ servers: config.NATS_URL, name: service, logger });
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
  if (options.outbox) {
    const publisher = new EventPublisher(nats, { subjectPrefix: stream.subjectPrefix });
    relay = new OutboxRelay({ database, table: options.outbox, publisher, logger: logger.child({ component: 'outbox-relay' }) });
    await relay.start();
  }
  let feed: RevocationFeed | undefined;
  if (options.revocations) {
    feed = new RevocationFeed({ nats, stream, logger: logger.child({ component: 'revocations' }), tokenTtlMs: config.ACCESS_TOKEN_TTL_S * 1000 });
    await feed.start();
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
    revocations: feed?.revocations,
    metrics,
    async close() {
      await feed?.stop();
      await relay?.stop();
      await drainNats(nats);
      await database.close();
    },
  };
}
