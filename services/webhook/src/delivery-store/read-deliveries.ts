import type { Database, Executor } from '@ops/db';
import { and, asc, desc, eq, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { attempts, deliveries, endpoints, type AttemptRow, type DeliveryRow, type DeliveryStatus } from '../schema.js';
import { statusIn, unfinishedStatuses, waitingStatuses } from './delivery-status.js';

export interface DeliveryFilter {
  endpointId: string;
  status?: DeliveryStatus;
  eventType?: string;
  replayId?: string;
  /** The last id of the previous page: pages go from newest to oldest. */
  before?: string;
  limit: number;
}

/** An endpoint's delivery log, newest first. */
export async function listDeliveries(executor: Executor, filter: DeliveryFilter): Promise<DeliveryRow[]> {
  const conditions: SQL[] = [eq(deliveries.endpointId, filter.endpointId)];
  if (filter.status) conditions.push(eq(deliveries.status, filter.status));
  if (filter.eventType) conditions.push(eq(deliveries.eventType, filter.eventType));
  if (filter.replayId) conditions.push(eq(deliveries.replayId, filter.replayId));
  if (filter.before) conditions.push(lt(deliveries.id, filter.before));
  return executor
    .select()
    .from(deliveries)
    .where(and(...conditions))
    .orderBy(desc(deliveries.id))
    .limit(filter.limit);
}

/**
 * The deliveries of one event to the endpoints `visible` selects (a condition on endpoints; undefined: all),
 * oldest first. Only those the event made when it arrived, not the copies replays made (each replay lists
 * its own): the partial index on (event_id, endpoint_id) where replay_id is null answers it.
 */
export async function deliveriesOfEvent(executor: Executor, eventId: string, visible: SQL | undefined): Promise<DeliveryRow[]> {
  const rows = await executor
    .select({ delivery: deliveries })
    .from(deliveries)
    .innerJoin(endpoints, eq(endpoints.id, deliveries.endpointId))
    .where(and(eq(deliveries.eventId, eventId), isNull(deliveries.replayId), visible))
    .orderBy(asc(deliveries.id));
  return rows.map((r) => r.delivery);
}

/** One delivery of an endpoint, undefined if it has no such delivery. */
export async function findDelivery(executor: Executor, endpointId: string, deliveryId: string): Promise<DeliveryRow | undefined> {
  const [row] = await executor
    .select()
    .from(deliveries)
    .where(and(eq(deliveries.id, deliveryId), eq(deliveries.endpointId, endpointId)));
  return row;
}

/** Every attempt of a delivery, oldest first: those in `attempts`, and the latest, which its row holds. */
export async function attemptsOf(executor: Executor, delivery: DeliveryRow): Promise<AttemptRow[]> {
  const earlier = await executor.select().from(attempts).where(eq(attempts.deliveryId, delivery.id)).orderBy(asc(attempts.attemptNumber));
  if (delivery.lastAttemptId === null) return earlier;
  const latest: AttemptRow = {
    id: delivery.lastAttemptId,
    deliveryId: delivery.id,
    attemptNumber: delivery.attemptCount,
    startedAt: delivery.lastAttemptStartedAt!,
    latencyMs: delivery.lastLatencyMs ?? 0,
    statusCode: delivery.lastStatusCode,
    succeeded: delivery.lastAttemptSucceeded ?? false,
    error: delivery.lastAttemptError,
    responseExcerpt: delivery.lastResponseExcerpt,
  };
  return [...earlier, latest];
}

/** How a replay's deliveries stand, by status. */
export async function countReplayDeliveries(executor: Executor, replayId: string): Promise<Partial<Record<DeliveryStatus, number>>> {
  const rows = await executor
    .select({ status: deliveries.status, n: sql<number>`count(*)::int` })
    .from(deliveries)
    .where(eq(deliveries.replayId, replayId))
    .groupBy(deliveries.status);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** Deliveries waiting for an attempt (pending or retrying), due or not. */
export async function countWaiting(database: Database): Promise<number> {
  const [row] = await database.query<{ n: number }>(
    database.orm,
    sql`select count(*)::int as n from ${deliveries} where ${statusIn(waitingStatuses)}`,
  );
  return row?.n ?? 0;
}

/**
 * Unfinished deliveries by status, across every endpoint (the platform status page). Three branches, each the
 * predicate of one partial index (live due, replays' due, in flight), so that the count reads those indexes and
 * never the finished rows the table keeps for the log: `status in (...)` alone matches none and scans the table.
 */
export async function countUnfinished(database: Database): Promise<Record<(typeof unfinishedStatuses)[number], number>> {
  const rows = await database.query<{ status: (typeof unfinishedStatuses)[number]; n: number }>(
    database.orm,
    sql`select status, count(*)::int as n from (
          select status from ${deliveries} where ${statusIn(waitingStatuses)} and replay_id is null
          union all select status from ${deliveries} where ${statusIn(waitingStatuses)} and replay_id is not null
          union all select status from ${deliveries} where ${statusIn(['in_flight'])}
        ) unfinished group by status`,
  );
  const counts: Record<(typeof unfinishedStatuses)[number], number> = { pending: 0, retrying: 0, in_flight: 0 };
  for (const r of rows) counts[r.status] = r.n;
  return counts;
}

/** Deliveries waiting though due for longer than `overdueMs`, counted up to `cap`. */
export async function countOverdue(database: Database, overdueMs: number, cap: number): Promise<number> {
  const [row] = await database.query<{ n: number }>(
    database.orm,
    sql`select count(*)::int as n from (select 1 from ${deliveries}
        where ${statusIn(waitingStatuses)} and next_attempt_at < now() - ${overdueMs} * interval '1 millisecond' limit ${cap}) o`,
  );
  return row?.n ?? 0;
}
