import { sql, type SQL } from 'drizzle-orm';
import { deliveries, type DeliveryStatus } from '../schema.js';

/** Waiting for an attempt: never tried, or tried and due again at `next_attempt_at`. */
export const waitingStatuses = ['pending', 'retrying'] as const satisfies readonly DeliveryStatus[];
/** Not done yet: waiting, or claimed by a worker. */
export const unfinishedStatuses = ['pending', 'retrying', 'in_flight'] as const satisfies readonly DeliveryStatus[];
/** Done for good: succeeded, or its schedule ran out. */
export const finishedStatuses = ['succeeded', 'failed'] as const satisfies readonly DeliveryStatus[];

/**
 * `[alias.]status in ('a', 'b')`, the statuses inlined as literals: the partial indexes' predicates are written
 * the same way (schema.ts), and the planner uses such an index only when it can see the query implies them.
 */
export function statusIn(statuses: readonly DeliveryStatus[], alias?: string): SQL {
  const column = alias ? sql`${sql.identifier(alias)}.${sql.identifier(deliveries.status.name)}` : sql.identifier(deliveries.status.name);
  return sql`${column} in (${sql.raw(statuses.map((s) => `'${s}'`).join(', '))})`;
}

/**
 * What a delivery claimed but not attempted goes back to: pending if it was never tried, else retrying (its
 * attempt count and schedule untouched).
 */
export const handedBackStatus: SQL = sql`case when ${sql.identifier(deliveries.attemptCount.name)} = 0 then 'pending' else 'retrying' end`;
