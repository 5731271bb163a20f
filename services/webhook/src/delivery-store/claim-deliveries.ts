import type { Database, Executor } from '@ops/db';
import { sql } from 'drizzle-orm';
import { deliveries, endpoints, events } from '../schema.js';
import { notifyDeliveriesDue } from './deliveries-channel.js';
import { handedBackStatus, statusIn, unfinishedStatuses, waitingStatuses } from './delivery-status.js';

/** The event as a delivery sends it. */
export interface DeliverableEvent {
  id: string;
  type: string;
  time: string;
  /** Its data as JSON text, serialised once for every delivery and attempt of the event. */
  dataJson: string;
  /** The W3C traceparent of its ingest (null untraced): each attempt is a span under it. */
  traceContext: string | null;
}

export interface ClaimedDelivery {
  deliveryId: string;
  endpointId: string;
  /** The replay that created it, if any: sent with a `webhook-replay` header. */
  replayId: string | null;
  /** Attempts made before this one. */
  attemptCount: number;
  /** Attempts made before the current schedule began (a resend restarts it). */
  scheduleStartedAfter: number;
  event: DeliverableEvent;
}

export interface ClaimOptions {
  limit: number;
  /** At most this many per endpoint in one claim, so that one backlog cannot fill the batch. */
  perEndpoint: number;
  /** Endpoints that take a different number (their lane is partly full, or has limits of its own); 0 skips one. */
  roomByEndpoint: ReadonlyMap<string, number>;
  /** Whether any endpoint is ordered: only then is the (costlier) head-of-line branch part of the query. */
  anyOrdered: boolean;
  /** The longest the claim holds (a backstop: a dead worker's claims are taken over sooner, see WorkerRegistry). */
  leaseMs: number;
  /** The claiming worker's registration. */
  workerId: string;
  /** Only these endpoints' deliveries (default: every active endpoint's). */
  only?: readonly string[];
}

/** An endpoint whose concurrency limit holds across every worker: see claimLimitedDeliveries. */
export interface LimitedEndpoint {
  id: string;
  maxConcurrency: number;
  /** What this worker's lane can take now. */
  room: number;
}

/**
 * An ordered endpoint offers only its head: the earliest unfinished delivery in stream order, once due.
 * Live deliveries come first, then each replay's (oldest replay first), each in stream order.
 */
const orderedHeads = sql`
      union all
      (select h.id, h.rank, h.due_at from room cross join lateral (
          select d.id, d.status, d.lease_expires_at, d.next_attempt_at as due_at, (d.replay_id is not null)::int as rank from ${deliveries} d
          where d.endpoint_id = room.id and d.ordered and ${statusIn(unfinishedStatuses, 'd')}
          order by d.replay_id nulls first, d.stream_seq, d.id limit 1) h
        where room.ordered and room.n > 0
          and ((${statusIn(waitingStatuses, 'h')} and h.due_at <= now()) or (h.status = 'in_flight' and h.lease_expires_at < now())))`;

/**
 * Takes due deliveries (pending, retry time reached, or a lease that expired with its worker) and marks them
 * in flight under a lease. Each active endpoint contributes at most `perEndpoint` rows, found by an index
 * seek, so the cost follows the endpoints, not the backlog, and no endpoint's backlog crowds out another's.
 * A replay's deliveries come behind live ones: per endpoint and across the batch, live rows are taken first
 * (rank 0), through an index of their own, so a large replay never slows the live path's seek.
 * SKIP LOCKED lets replicas claim side by side without taking the same row, and the
 * due condition is repeated on the locked row so that a row another replica claimed meanwhile is passed over.
 */
export async function claimDeliveries(
  database: Database,
  options: ClaimOptions,
  executor: Executor = database.orm,
): Promise<ClaimedDelivery[]> {
  const due = sql`((${statusIn(waitingStatuses, 'd')} and d.next_attempt_at <= now()) or (d.status = 'in_flight' and d.lease_expires_at < now()))`;
  const only = options.only ? sql` and ep.id in (select jsonb_array_elements_text(${JSON.stringify(options.only)}::jsonb))` : sql``;
  const rows = await database.query<{
    id: string;
    endpoint_id: string;
    replay_id: string | null;
    attempt_count: number;
    schedule_started_after: number;
    event_id: string;
    type: string;
    time: string;
    data_json: string;
    trace_context: string | null;
  }>(
    executor,
    sql`
    with room as (
      select ep.id, ep.ordered, coalesce((${JSON.stringify(Object.fromEntries(options.roomByEndpoint))}::jsonb ->> ep.id)::int, ${options.perEndpoint}) as n
      from ${endpoints} ep where ep.active${only}
    ), candidates as (
      (select c.id, c.rank, c.due_at from room cross join lateral (
          select * from (
            (select d.id, 0 as rank, d.next_attempt_at as due_at from ${deliveries} d
              where d.endpoint_id = room.id and ${statusIn(waitingStatuses, 'd')} and d.replay_id is null and d.next_attempt_at <= now()
              order by d.next_attempt_at limit room.n)
            union all
            (select d.id, 1 as rank, d.next_attempt_at as due_at from ${deliveries} d
              where d.endpoint_id = room.id and ${statusIn(waitingStatuses, 'd')} and d.replay_id is not null and d.next_attempt_at <= now()
              order by d.next_attempt_at limit room.n)
          ) live_then_replayed order by rank, due_at limit room.n) c
        where room.n > 0 and not room.ordered)
      union all
      (select d.id, 0 as rank, d.lease_expires_at as due_at from ${deliveries} d join room on room.id = d.endpoint_id and room.n > 0 and not room.ordered
        where d.status = 'in_flight' and d.lease_expires_at < now()
        order by d.lease_expires_at limit ${options.limit})
      ${options.anyOrdered ? orderedHeads : sql``}
    ), picked as (
      select d.id from ${deliveries} d join candidates c on c.id = d.id
      where ${due}
      order by c.rank, c.due_at
      limit ${options.limit}
      for update of d skip locked
    )
    update ${deliveries} d
    set status = 'in_flight', lease_expires_at = now() + ${options.leaseMs} * interval '1 millisecond', worker_id = ${options.workerId}, updated_at = now()
    from picked, ${events} e
    where d.id = picked.id and e.id = d.event_id
    returning d.id, d.endpoint_id, d.replay_id, d.attempt_count, d.schedule_started_after, e.id as event_id, e.type, e.time, e.data::text as data_json, e.trace_context`,
  );
  return rows.map((r) => ({
    deliveryId: r.id,
    endpointId: r.endpoint_id,
    replayId: r.replay_id,
    attemptCount: r.attempt_count,
    scheduleStartedAfter: r.schedule_started_after,
    // The stored text, sent as it is: json (not jsonb) keeps the producer's text, so nothing is parsed here.
    event: { id: r.event_id, type: r.type, time: r.time, dataJson: r.data_json, traceContext: r.trace_context },
  }));
}

/**
 * Claims for endpoints with a concurrency limit of their own, which holds across every worker: each endpoint's
 * deliveries in flight, whoever holds them, stay within its `max_concurrency`. Per endpoint, one worker at a
 * time claims (a transaction-level advisory lock; an endpoint another worker is claiming for is skipped this
 * round), and counts what is in flight only once it holds the lock, in a statement of its own, so that the
 * count sees every claim committed before. Such endpoints get no deliveries through the fast path, and a
 * worker holds for them only what it can send at once.
 */
export async function claimLimitedDeliveries(
  database: Database,
  limited: readonly LimitedEndpoint[],
  options: Omit<ClaimOptions, 'roomByEndpoint' | 'only' | 'perEndpoint'>,
): Promise<ClaimedDelivery[]> {
  const wanted = limited.filter((e) => e.room > 0);
  if (wanted.length === 0) return [];
  return database.orm.transaction(async (tx) => {
    const locked = await database.query<{ id: string }>(
      tx,
      sql`select id from jsonb_array_elements_text(${JSON.stringify(wanted.map((e) => e.id))}::jsonb) as x(id)
          where pg_try_advisory_xact_lock(hashtextextended('webhooks.endpoint-concurrency:' || id, 0))`,
    );
    if (locked.length === 0) return [];
    const ids = locked.map((r) => r.id);
    const counts = await database.query<{ endpoint_id: string; n: number }>(
      tx,
      sql`select endpoint_id, count(*)::int as n from ${deliveries}
          where status = 'in_flight' and endpoint_id in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)) group by endpoint_id`,
    );
    const inFlight = new Map(counts.map((c) => [c.endpoint_id, c.n]));
    const roomByEndpoint = new Map(
      wanted
        .filter((e) => ids.includes(e.id))
        .map((e) => [e.id, Math.max(0, Math.min(e.room, e.maxConcurrency - (inFlight.get(e.id) ?? 0)))]),
    );
    if ([...roomByEndpoint.values()].every((n) => n === 0)) return [];
    return claimDeliveries(database, { ...options, roomByEndpoint, perEndpoint: 0, only: ids }, tx);
  });
}

/**
 * Gives back deliveries claimed but not attempted: at shutdown, for another worker to take at once; when an
 * endpoint's circuit opens, not before `notBefore`. Their attempt counts and schedules are untouched.
 */
export async function releaseDeliveries(database: Database, deliveryIds: readonly string[], notBefore?: Date): Promise<void> {
  if (deliveryIds.length === 0) return;
  const due = notBefore ? sql`greatest(next_attempt_at, ${notBefore.toISOString()}::timestamptz)` : sql`next_attempt_at`;
  await database.orm.execute(sql`
    update ${deliveries} set status = ${handedBackStatus},
      next_attempt_at = ${due}, lease_expires_at = null, worker_id = null, updated_at = now()
    where id in (select jsonb_array_elements_text(${JSON.stringify(deliveryIds)}::jsonb)) and status = 'in_flight'`);
}

/**
 * Hands the deliveries held by workers that died (their registrations expired) back to every worker, due now,
 * and wakes them at commit. Returns how many.
 */
export async function handBackFromWorkers(database: Database, tx: Executor, workerIds: readonly string[]): Promise<number> {
  const rows = await database.query<{ id: string }>(
    tx,
    sql`
    update ${deliveries} set status = ${handedBackStatus},
      next_attempt_at = least(next_attempt_at, now()), lease_expires_at = null, worker_id = null, updated_at = now()
    where status = 'in_flight' and worker_id in (select jsonb_array_elements_text(${JSON.stringify(workerIds)}::jsonb))
    returning id`,
  );
  if (rows.length > 0) await notifyDeliveriesDue(tx);
  return rows.length;
}
