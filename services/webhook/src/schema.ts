import { sql } from 'drizzle-orm';
import type { PayloadFilter } from './endpoints/payload-filter.js';
import { outboxTable } from '@ops/outbox';
import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  json,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/** The webhook service owns the `webhooks` schema. */
export const webhooksSchema = pgSchema('webhooks');

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/** Where events are sent, and which ones. `org_id` null is a platform endpoint (created by a platform admin). */
export const endpoints = webhooksSchema.table(
  'endpoints',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id'),
    url: text('url').notNull(),
    description: text('description').notNull().default(''),
    /** Subscriptions: event types, `domain.*` or `*`. */
    events: text('events').array().notNull(),
    active: boolean('active').notNull().default(true),
    /** Conditions on the event's data; only events meeting them all get a delivery. */
    filter: json('filter').$type<PayloadFilter>(),
    /** Deliver one at a time in stream order; a failing event holds back the ones after it (for this endpoint). */
    ordered: boolean('ordered').notNull().default(false),
    /** Requests in flight to it at once; null for the service default. */
    maxConcurrency: integer('max_concurrency'),
    /** Requests started per second; null for no limit. */
    rateLimitPerSecond: doublePrecision('rate_limit_per_second'),
    /** When its current run of failed attempts began; null while it answers. */
    failingSince: timestamp('failing_since', { withTimezone: true }),
    /** Why the platform turned the endpoint off (410 Gone, failing for days), until someone turns it on again. */
    disabledReason: text('disabled_reason'),
    /** Send the W3C `traceparent` of each attempt to this endpoint: off by default, internal trace ids stay inside. */
    sendTraceContext: boolean('send_trace_context').notNull().default(false),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('endpoints_org_idx').on(t.orgId)],
);

/**
 * An endpoint's signing secrets, sealed (AES-256-GCM). The newest signs; during a rotation's overlap the
 * previous one signs too, until `expires_at`.
 */
export const endpointSecrets = webhooksSchema.table(
  'endpoint_secrets',
  {
    id: text('id').primaryKey(),
    endpointId: text('endpoint_id')
      .notNull()
      .references(() => endpoints.id, { onDelete: 'cascade' }),
    sealed: text('sealed').notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
  },
  (t) => [index('endpoint_secrets_endpoint_idx').on(t.endpointId, t.createdAt)],
);

/**
 * One row, bumped in the same transaction as any endpoint change. Ingest reads it once per batch and
 * reloads its in-memory endpoint table only when it moved: no query per event, never a stale match.
 */
export const endpointRevision = webhooksSchema.table('endpoint_revision', {
  id: integer('id').primaryKey().default(1),
  revision: bigint('revision', { mode: 'number' }).notNull().default(0),
});

/** An event that matched at least one endpoint, as received from the stream (what deliveries send). */
export const events = webhooksSchema.table(
  'events',
  {
    id: text('id').primaryKey(),
    type: text('type').notNull(),
    source: text('source').notNull(),
    orgId: text('org_id'),
    /** The envelope's own ISO 8601 string, sent as the body's `timestamp` unchanged. */
    time: text('time').notNull(),
    /** `json`, not `jsonb`: keeps the producer's key order, so the body reads as documented. */
    data: json('data').$type<Record<string, unknown>>().notNull(),
    streamSeq: bigint('stream_seq', { mode: 'number' }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    /** The W3C traceparent of the ingest that stored it (null untraced): each delivery attempt is a child span. */
    traceContext: text('trace_context'),
  },
  (t) => [index('events_type_idx').on(t.type)],
);

export const replayStatuses = ['running', 'paused', 'completed', 'failed', 'cancelled'] as const;
export type ReplayStatus = (typeof replayStatuses)[number];

/**
 * A replay: events read again from the stream, from `from_seq` to `to_seq` (resolved from a time range at
 * creation), and delivered again to one endpoint or to all that match. `next_seq` is its checkpoint, moved in
 * the same transaction as the deliveries a batch creates, so a replay picked up after a crash or a pause
 * neither skips nor repeats events. One worker at a time holds it, under a lease.
 */
export const replays = webhooksSchema.table(
  'replays',
  {
    id: text('id').primaryKey(),
    /** The organization whose endpoints it reaches; null for a platform admin's replay (every endpoint). */
    orgId: text('org_id'),
    /** One endpoint, or null for every endpoint (of `org_id`) that the events match. */
    endpointId: text('endpoint_id').references(() => endpoints.id, { onDelete: 'cascade' }),
    /** Event types or families (`user.*`); null for all. */
    eventTypes: text('event_types').array(),
    fromTime: timestamp('from_time', { withTimezone: true }),
    toTime: timestamp('to_time', { withTimezone: true }),
    fromSeq: bigint('from_seq', { mode: 'number' }).notNull(),
    toSeq: bigint('to_seq', { mode: 'number' }).notNull(),
    /** The first stream sequence not read yet. */
    nextSeq: bigint('next_seq', { mode: 'number' }).notNull(),
    status: text('status', { enum: replayStatuses }).notNull().default('running'),
    error: text('error'),
    eventsRead: integer('events_read').notNull().default(0),
    eventsMatched: integer('events_matched').notNull().default(0),
    deliveriesCreated: integer('deliveries_created').notNull().default(0),
    /** The worker reading it, until `lease_expires_at`: a worker that dies loses it then. */
    runner: text('runner'),
    leaseExpiresAt: timestamp('lease_expires_at', { withTimezone: true }),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [index('replays_running_idx').on(t.createdAt).where(sql`status = 'running'`)],
);

export const deliveryStatuses = ['pending', 'in_flight', 'retrying', 'succeeded', 'failed'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

/** One (event, endpoint) pair: created once, however often the event is redelivered. */
export const deliveries = webhooksSchema.table(
  'deliveries',
  {
    id: text('id').primaryKey(),
    eventId: text('event_id')
      .notNull()
      .references(() => events.id),
    endpointId: text('endpoint_id')
      .notNull()
      .references(() => endpoints.id, { onDelete: 'cascade' }),
    eventType: text('event_type').notNull(),
    /** The event's position in the stream: the order of an ordered endpoint's deliveries. */
    streamSeq: bigint('stream_seq', { mode: 'number' }).notNull().default(0),
    /** Set on deliveries a replay created: they go behind live ones, and carry a `webhook-replay` header. */
    replayId: text('replay_id').references(() => replays.id),
    /** Copied from the endpoint, so that only ordered endpoints' deliveries are in the (head-of-line) order index. */
    ordered: boolean('ordered').notNull().default(false),
    status: text('status', { enum: deliveryStatuses }).notNull().default('pending'),
    attemptCount: integer('attempt_count').notNull().default(0),
    /** Attempts made before the current retry schedule began: a resend or recover starts the schedule anew. */
    scheduleStartedAfter: integer('schedule_started_after').notNull().default(0),
    /** When the next attempt is due: the retry schedule lives here, so a restart continues it. */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    /** While in flight: the latest it can still be held, a backstop behind the worker registry (below). */
    leaseExpiresAt: timestamp('lease_expires_at', { withTimezone: true }),
    /** While in flight: the worker holding it. When that worker stops renewing its registration, another takes it. */
    workerId: text('worker_id'),
    /**
     * The latest attempt lives on its delivery (id, time, outcome below): a delivery that succeeds at once costs no
     * `attempts` row. Recording the next attempt moves it to `attempts` first, so the log stays complete. Null
     * before the first attempt, and on rows older than this column (their attempts are all in `attempts`).
     */
    lastAttemptId: text('last_attempt_id'),
    lastAttemptStartedAt: timestamp('last_attempt_started_at', { withTimezone: true }),
    lastAttemptSucceeded: boolean('last_attempt_succeeded'),
    /** The latest attempt's own error; `last_error` may add why the delivery stopped (410 Gone, abort). */
    lastAttemptError: text('last_attempt_error'),
    lastResponseExcerpt: text('last_response_excerpt'),
    lastStatusCode: integer('last_status_code'),
    lastLatencyMs: integer('last_latency_ms'),
    lastError: text('last_error'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [
    // One live delivery per (event, endpoint) however often the stream redelivers it, and one per replay.
    uniqueIndex('deliveries_event_endpoint_idx').on(t.eventId, t.endpointId).where(sql`replay_id is null`),
    uniqueIndex('deliveries_replay_event_endpoint_idx').on(t.replayId, t.eventId, t.endpointId).where(sql`replay_id is not null`),
    // Narrow indexes, so that a claim seeks each endpoint's due rows and never walks over rows in flight
    // or over another endpoint's backlog; replays apart, so that live rows are found first without sorting.
    index('deliveries_due_idx').on(t.endpointId, t.nextAttemptAt).where(sql`status in ('pending', 'retrying') and replay_id is null`),
    index('deliveries_replay_due_idx')
      .on(t.endpointId, t.nextAttemptAt)
      .where(sql`status in ('pending', 'retrying') and replay_id is not null`),
    index('deliveries_lease_idx').on(t.leaseExpiresAt).where(sql`status = 'in_flight'`),
    index('deliveries_endpoint_idx').on(t.endpointId, t.id),
    // Only ordered endpoints' rows: an index every delivery shared would tempt the planner away from the due index.
    index('deliveries_order_idx')
      .on(t.endpointId, t.replayId.asc().nullsFirst(), t.streamSeq, t.id)
      .where(sql`ordered and status in ('pending', 'retrying', 'in_flight')`),
    index('deliveries_completed_idx').on(t.completedAt).where(sql`completed_at is not null`),
  ],
);

/**
 * Endpoints resting after a run of failed attempts, as the worker that opened the circuit says: every worker
 * reads this every second and rests them too, so no replica goes on sending to an endpoint another found dead.
 * A row goes when a probe succeeds. Per-attempt failure counts stay in each worker.
 */
export const endpointCircuits = webhooksSchema.table('endpoint_circuits', {
  endpointId: text('endpoint_id')
    .primaryKey()
    .references(() => endpoints.id, { onDelete: 'cascade' }),
  openUntil: timestamp('open_until', { withTimezone: true }).notNull(),
  /** The current rest: a failed probe doubles it. */
  openMs: integer('open_ms').notNull(),
});

/**
 * The delivery workers alive now: each renews its row every third of its time to live. A worker whose row
 * expired is dead (kill -9, a lost machine): the deliveries it held go back to be claimed at once, instead of
 * waiting out a lease sized for the slowest request. Renewal is one row per worker, not one per delivery.
 */
export const workers = webhooksSchema.table('workers', {
  id: text('id').primaryKey(),
  startedAt: createdAt(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

/**
 * Every HTTP attempt but each delivery's latest (which its delivery row holds): with those, the delivery log.
 * Append-only, partitioned by day of `started_at` (UTC), one partition per day made ahead of time
 * (delivery-store/attempt-partitions.ts, migration 0007): retention removes whole days instead of deleting rows.
 * The key includes `started_at`, as a partitioned table's unique keys must. No foreign key to `deliveries`:
 * removing a partition would then lock `deliveries` (its FK triggers live there), which delivery writes every
 * moment; a trigger on `deliveries` removes a removed delivery's attempts instead (same effect as the cascade).
 */
export const attempts = webhooksSchema.table(
  'attempts',
  {
    id: text('id').notNull(),
    deliveryId: text('delivery_id').notNull(),
    attemptNumber: integer('attempt_number').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    latencyMs: integer('latency_ms').notNull(),
    /** The receiver's status; null when no response came (timeout, refused, DNS). */
    statusCode: integer('status_code'),
    succeeded: boolean('succeeded').notNull(),
    error: text('error'),
    /** The first bytes of the response body, bounded by configuration. */
    responseExcerpt: text('response_excerpt'),
  },
  (t) => [
    primaryKey({ name: 'attempts_pkey', columns: [t.id, t.startedAt] }),
    index('attempts_delivery_idx').on(t.deliveryId, t.attemptNumber),
  ],
);

export type EndpointRow = typeof endpoints.$inferSelect;
export type DeliveryRow = typeof deliveries.$inferSelect;
export type AttemptRow = typeof attempts.$inferSelect;
export type ReplayRow = typeof replays.$inferSelect;

/** The webhook service's own events (a delivery exhausted, an endpoint disabled), published like any other. */
export const outbox = outboxTable(webhooksSchema);
