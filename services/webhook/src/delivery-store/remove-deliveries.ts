import type { Database, Executor } from '@ops/db';
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { deliveries, events } from '../schema.js';
import { finishedStatuses, statusIn, unfinishedStatuses } from './delivery-status.js';

/** Withdraws a cancelled replay's deliveries that were never attempted (nothing in the log to lose). Returns how many. */
export async function withdrawReplayDeliveries(executor: Executor, replayId: string): Promise<number> {
  const withdrawn = await executor
    .delete(deliveries)
    .where(and(eq(deliveries.replayId, replayId), eq(deliveries.status, 'pending'), eq(deliveries.attemptCount, 0)))
    .returning({ id: deliveries.id });
  return withdrawn.length;
}

/** An endpoint's unfinished deliveries follow it into (or out of) head-of-line order. */
export async function followEndpointOrder(executor: Executor, endpointId: string, ordered: boolean): Promise<void> {
  await executor
    .update(deliveries)
    .set({ ordered })
    .where(and(eq(deliveries.endpointId, endpointId), inArray(deliveries.status, [...unfinishedStatuses])));
}

/**
 * Deletes up to `limit` deliveries that finished before `cutoff` (their attempts go with them, by cascade).
 * Waiting deliveries are never touched, however old. Returns how many went.
 */
export async function removeFinishedBefore(database: Database, cutoff: SQL, limit: number): Promise<number> {
  return countRemoved(
    database,
    sql`delete from ${deliveries} where id in (
      select id from ${deliveries} where completed_at < ${cutoff} and ${statusIn(finishedStatuses)} limit ${limit})`,
  );
}

/** Deletes up to `limit` events received before `cutoff` that no delivery refers to any more. Returns how many went. */
export async function removeUnreferencedEvents(database: Database, cutoff: SQL, limit: number): Promise<number> {
  return countRemoved(
    database,
    sql`delete from ${events} where id in (
      select e.id from ${events} e where e.received_at < ${cutoff}
        and not exists (select 1 from ${deliveries} d where d.event_id = e.id) limit ${limit})`,
  );
}

async function countRemoved(database: Database, statement: SQL): Promise<number> {
  const rows = await database.query<{ n: number }>(
    database.orm,
    sql`with gone as (${statement} returning 1) select count(*)::int as n from gone`,
  );
  return rows[0]?.n ?? 0;
}
