import { columnArrays, type Executor, type RowOf } from '@ops/db';
import { sql } from 'drizzle-orm';
import { attempts, deliveries } from '../schema.js';

const attemptColumns = {
  deliveryId: deliveries.id,
  status: deliveries.status,
  attemptCount: deliveries.attemptCount,
  lastAttemptId: deliveries.lastAttemptId,
  lastAttemptStartedAt: deliveries.lastAttemptStartedAt,
  lastAttemptSucceeded: deliveries.lastAttemptSucceeded,
  lastAttemptError: deliveries.lastAttemptError,
  lastResponseExcerpt: deliveries.lastResponseExcerpt,
  lastStatusCode: deliveries.lastStatusCode,
  lastLatencyMs: deliveries.lastLatencyMs,
  lastError: deliveries.lastError,
  /** Set when the delivery is retrying: the next attempt is due this long after the database's now. */
  retry_in_ms: 'bigint',
} as const;

/** One HTTP attempt (number `attemptCount`), and what its delivery becomes. */
export type LoggedAttempt = RowOf<typeof attemptColumns> & { status: 'succeeded' | 'retrying' | 'failed'; lastAttemptId: string };

/**
 * Logs attempts and moves their deliveries on (due again, or finished), in the caller's transaction: a few
 * statements whatever the batch size. The retry time is computed by the database clock, the one claims use.
 *
 * The latest attempt is written on its delivery row, so a delivery that succeeds at its first attempt costs
 * one update and no `attempts` row. Whatever latest attempt a delivery already holds is first moved to
 * `attempts`, under row locks taken in id order: two workers recording the same delivery (one whose lease
 * ran out), even its first attempt, then each move what the other wrote, and no attempt is lost. An attempt whose delivery is gone
 * (its endpoint was deleted meanwhile, taking its deliveries along) is moot and not logged.
 */
export async function logAttempts(tx: Executor, logged: readonly LoggedAttempt[]): Promise<void> {
  if (logged.length === 0) return;
  // Every delivery of the batch is locked, in id order, and whatever latest attempt it holds by then is moved to
  // `attempts`, first attempts included: a worker whose lease ran out may have recorded attempt 1 meanwhile, and
  // the update below would otherwise overwrite it. A first attempt finds nothing to move; the lock costs little,
  // since the update rewrites the row in this transaction anyway.
  await tx.execute(sql`
    with earlier as (
      select d.* from ${deliveries} d
      where d.id in (select v.id from ${columnArrays(
        { id: deliveries.id },
        logged.map((a) => ({ id: a.deliveryId })),
        'v',
      )})
      order by d.id for update of d)
    insert into ${attempts} (id, delivery_id, attempt_number, started_at, latency_ms, status_code, succeeded, error, response_excerpt)
    select last_attempt_id, id, attempt_count, last_attempt_started_at, coalesce(last_latency_ms, 0), last_status_code,
      coalesce(last_attempt_succeeded, false), last_attempt_error, last_response_excerpt
    from earlier where last_attempt_id is not null`);
  await tx.execute(sql`
    update ${deliveries} d set
      status = v.status,
      attempt_count = v.attempt_count,
      next_attempt_at = case when v.status = 'retrying' then now() + v.retry_in_ms * interval '1 millisecond' else d.next_attempt_at end,
      lease_expires_at = null,
      worker_id = null,
      last_attempt_id = v.last_attempt_id,
      last_attempt_started_at = v.last_attempt_started_at,
      last_attempt_succeeded = v.last_attempt_succeeded,
      last_attempt_error = v.last_attempt_error,
      last_response_excerpt = v.last_response_excerpt,
      last_status_code = v.last_status_code,
      last_latency_ms = v.last_latency_ms,
      last_error = v.last_error,
      updated_at = now(),
      completed_at = case when v.status in ('succeeded', 'failed') then now() else null end
    from ${columnArrays(attemptColumns, logged, 'v')}
    where d.id = v.id`);
}
