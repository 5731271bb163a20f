import type { Database } from '@ops/db';
import { sql } from 'drizzle-orm';
import { createEvent, type EventEnvelope } from '@ops/events';
import { addToOutbox } from '@ops/outbox';
import { attempts, deliveries, outbox } from '../schema.js';
import type { AttemptResult } from './attempt-result.js';
import type { NextStep } from './next-step.js';
import { outcomesOf, recordEndpointHealth } from '../endpoints/endpoint-health.js';

export interface FinishedAttempt {
  attemptId: string;
  deliveryId: string;
  endpointId: string;
  /** The endpoint's organization, which the platform's own events about it belong to. */
  orgId: string | null;
  event: { id: string; type: string };
  attemptNumber: number;
  startedAt: Date;
  result: AttemptResult;
  /** What the delivery becomes: succeeded, retrying (after `retryInMs`) or failed. */
  next: NextStep;
}

/** Why a delivery stopped early, appended to its last error. */
const failureNotes = {
  exhausted: '',
  aborted: '; the receiver asked not to retry (webhook-delivery: abort-message)',
  gone: '; 410 Gone: the endpoint was disabled',
} as const;

/**
 * `webhook.delivery.exhausted` for a delivery whose schedule ran out, committed with its last attempt. Not for
 * deliveries of the platform's own events: a failing operator endpoint must not feed itself forever.
 */
function exhaustedEvent(f: FinishedAttempt): EventEnvelope[] {
  if (f.result.ok || f.next.status !== 'failed' || f.next.reason !== 'exhausted' || f.event.type.startsWith('webhook.')) return [];
  return [
    createEvent({
      type: 'webhook.delivery.exhausted',
      source: 'webhook',
      orgId: f.orgId,
      data: {
        delivery_id: f.deliveryId,
        endpoint_id: f.endpointId,
        event_id: f.event.id,
        event_type: f.event.type,
        attempts: f.attemptNumber,
        last_status_code: f.result.statusCode,
        last_error: clean(f.result.error) ?? '',
        failed_at: new Date().toISOString(),
      },
    }),
  ];
}

/** PostgreSQL text cannot hold NUL; a receiver's binary answer must not fail the batch. */
const clean = (s: string | null) => (s === null ? null : s.replaceAll('\u0000', ''));

/**
 * Handle-result stage, batched: logs every attempt, moves each delivery on and keeps each endpoint's
 * `failing_since`, in one transaction of a few statements whatever the batch size. The retry time is
 * computed by the database clock, the one claims use. Returns the endpoints failing for longer than
 * `disableAfterMs`.
 */
export async function recordAttempts(
  database: Database,
  finished: readonly FinishedAttempt[],
  disableAfterMs?: number,
): Promise<Array<{ id: string; failing_since: string }>> {
  if (finished.length === 0) return [];
  const attemptRows = finished.map((f) => ({
    id: f.attemptId,
    delivery_id: f.deliveryId,
    attempt_number: f.attemptNumber,
    started_at: f.startedAt.toISOString(),
    latency_ms: f.result.latencyMs,
    status_code: f.result.statusCode,
    succeeded: f.result.ok,
    error: f.result.ok ? null : clean(f.result.error),
    response_excerpt: clean(f.result.responseExcerpt),
  }));
  const deliveryRows = finished.map((f) => ({
    id: f.deliveryId,
    status: f.next.status,
    attempt_number: f.attemptNumber,
    retry_in_ms: f.next.status === 'retrying' ? f.next.retryInMs : null,
    status_code: f.result.statusCode,
    latency_ms: f.result.latencyMs,
    error: f.result.ok ? null : clean(f.next.status === 'failed' ? `${f.result.error}${failureNotes[f.next.reason]}` : f.result.error),
  }));
  return database.orm.transaction(async (tx) => {
    // Endpoints first, deliveries after: the order an endpoint's PATCH (ordered) and DELETE (cascade) take
    // their locks in, so that the two never wait on each other in a circle (a deadlock, seen as a 500).
    const outcomes = outcomesOf(finished.map((f) => ({ endpointId: f.endpointId, startedAt: f.startedAt, ok: f.result.ok })));
    const failing = await recordEndpointHealth(database, tx, outcomes, disableAfterMs);
    // Joined to deliveries: an endpoint deleted meanwhile took its deliveries along, and their attempts are moot.
    await tx.execute(sql`
      insert into ${attempts} (id, delivery_id, attempt_number, started_at, latency_ms, status_code, succeeded, error, response_excerpt)
      select x.id, x.delivery_id, x.attempt_number, x.started_at, x.latency_ms, x.status_code, x.succeeded, x.error, x.response_excerpt
      from json_to_recordset(${JSON.stringify(attemptRows)}::json) as x(id text, delivery_id text, attempt_number int,
        started_at timestamptz, latency_ms int, status_code int, succeeded boolean, error text, response_excerpt text)
      join ${deliveries} d on d.id = x.delivery_id`);
    await tx.execute(sql`
      update ${deliveries} d set
        status = v.status,
        attempt_count = v.attempt_number,
        next_attempt_at = case when v.status = 'retrying' then now() + v.retry_in_ms * interval '1 millisecond' else d.next_attempt_at end,
        lease_expires_at = null,
        worker_id = null,
        last_status_code = v.status_code,
        last_latency_ms = v.latency_ms,
        last_error = v.error,
        updated_at = now(),
        completed_at = case when v.status in ('succeeded', 'failed') then now() else null end
      from json_to_recordset(${JSON.stringify(deliveryRows)}::json) as v(id text, status text, attempt_number int,
        retry_in_ms bigint, status_code int, latency_ms int, error text)
      where d.id = v.id`);
    await addToOutbox(tx, outbox, finished.flatMap(exhaustedEvent));
    return failing;
  });
}
