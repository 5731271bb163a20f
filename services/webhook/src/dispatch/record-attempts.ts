import type { Database } from '@ops/db';
import type { EventToWrite } from '@ops/outbox';
import { logAttempts, type LoggedAttempt } from '../delivery-store/index.js';
import { platformEvents } from '../platform-events.js';
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
function exhaustedEvent(f: FinishedAttempt): EventToWrite<'webhook.delivery.exhausted'>[] {
  if (f.result.ok || f.next.status !== 'failed' || f.next.reason !== 'exhausted' || f.event.type.startsWith('webhook.')) return [];
  const now = new Date();
  return [
    {
      type: 'webhook.delivery.exhausted',
      orgId: f.orgId,
      time: now,
      data: {
        delivery_id: f.deliveryId,
        endpoint_id: f.endpointId,
        event_id: f.event.id,
        event_type: f.event.type,
        attempts: f.attemptNumber,
        last_status_code: f.result.statusCode,
        last_error: clean(f.result.error) ?? '',
        failed_at: now.toISOString(),
      },
    },
  ];
}

/** PostgreSQL text cannot hold NUL; a receiver's binary answer must not fail the batch. */
const clean = (s: string | null) => (s === null ? null : s.replaceAll('\u0000', ''));

/**
 * Handle-result stage, batched: logs every attempt, moves each delivery on and keeps each endpoint's
 * `failing_since`, in one transaction of a few statements whatever the batch size. Returns the endpoints
 * failing for longer than `disableAfterMs`.
 */
export async function recordAttempts(
  database: Database,
  finished: readonly FinishedAttempt[],
  disableAfterMs?: number,
): Promise<Array<{ id: string; failing_since: string }>> {
  if (finished.length === 0) return [];
  const logged: LoggedAttempt[] = finished.map((f) => ({
    deliveryId: f.deliveryId,
    status: f.next.status,
    attemptCount: f.attemptNumber,
    retry_in_ms: f.next.status === 'retrying' ? f.next.retryInMs : null,
    lastAttemptId: f.attemptId,
    lastAttemptStartedAt: f.startedAt,
    lastAttemptSucceeded: f.result.ok,
    lastAttemptError: f.result.ok ? null : clean(f.result.error),
    lastResponseExcerpt: clean(f.result.responseExcerpt),
    lastStatusCode: f.result.statusCode,
    lastLatencyMs: f.result.latencyMs,
    lastError: f.result.ok ? null : clean(f.next.status === 'failed' ? `${f.result.error}${failureNotes[f.next.reason]}` : f.result.error),
  }));
  return database.orm.transaction(async (tx) => {
    // Endpoints first, deliveries after: the order an endpoint's PATCH (ordered) and DELETE (cascade) take
    // their locks in, so that the two never wait on each other in a circle (a deadlock, seen as a 500).
    const outcomes = outcomesOf(finished.map((f) => ({ endpointId: f.endpointId, startedAt: f.startedAt, ok: f.result.ok })));
    const failing = await recordEndpointHealth(database, tx, outcomes, disableAfterMs);
    await logAttempts(tx, logged);
    await platformEvents.writeAll(tx, finished.flatMap(exhaustedEvent));
    return failing;
  });
}
