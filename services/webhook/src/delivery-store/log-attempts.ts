import { columnArrays, columnNames, type Executor, type RowOf } from '@ops/db';
import { sql } from 'drizzle-orm';
import { attempts, deliveries } from '../schema.js';

const attemptColumns = {
  id: attempts.id,
  deliveryId: attempts.deliveryId,
  attemptNumber: attempts.attemptNumber,
  startedAt: attempts.startedAt,
  latencyMs: attempts.latencyMs,
  statusCode: attempts.statusCode,
  succeeded: attempts.succeeded,
  error: attempts.error,
  responseExcerpt: attempts.responseExcerpt,
};

const outcomeColumns = {
  id: deliveries.id,
  status: deliveries.status,
  attemptCount: deliveries.attemptCount,
  lastStatusCode: deliveries.lastStatusCode,
  lastLatencyMs: deliveries.lastLatencyMs,
  lastError: deliveries.lastError,
  /** Set when the delivery is retrying: the next attempt is due this long after the database's now. */
  retry_in_ms: 'bigint',
} as const;

/** One HTTP attempt for the log, and what its delivery becomes. */
export interface LoggedAttempt {
  attempt: RowOf<typeof attemptColumns>;
  outcome: RowOf<typeof outcomeColumns> & { status: 'succeeded' | 'retrying' | 'failed' };
}

/**
 * Logs attempts and moves their deliveries on (due again, or finished), in the caller's transaction: a few
 * statements whatever the batch size. The retry time is computed by the database clock, the one claims use.
 * An attempt whose delivery is gone (its endpoint was deleted meanwhile, taking its deliveries along) is moot
 * and not logged.
 */
export async function logAttempts(tx: Executor, logged: readonly LoggedAttempt[]): Promise<void> {
  if (logged.length === 0) return;
  await tx.execute(sql`
    insert into ${attempts} (${columnNames(attemptColumns)})
    select x.* from ${columnArrays(attemptColumns, logged.map((l) => l.attempt))}
    join ${deliveries} d on d.id = x.delivery_id`);
  await tx.execute(sql`
    update ${deliveries} d set
      status = v.status,
      attempt_count = v.attempt_count,
      next_attempt_at = case when v.status = 'retrying' then now() + v.retry_in_ms * interval '1 millisecond' else d.next_attempt_at end,
      lease_expires_at = null,
      worker_id = null,
      last_status_code = v.last_status_code,
      last_latency_ms = v.last_latency_ms,
      last_error = v.last_error,
      updated_at = now(),
      completed_at = case when v.status in ('succeeded', 'failed') then now() else null end
    from ${columnArrays(outcomeColumns, logged.map((l) => l.outcome), 'v')}
    where d.id = v.id`);
}
