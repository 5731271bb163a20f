import type { z } from 'zod';
import type { attemptResponse, deliveryResponse } from '../webhook.responses.js';
import type { AttemptRow, DeliveryRow } from '../schema.js';

export function deliveryView(row: DeliveryRow): z.infer<typeof deliveryResponse> {
  return {
    id: row.id,
    event_id: row.eventId,
    event: row.eventType,
    replay_id: row.replayId,
    status: row.status,
    attempt_count: row.attemptCount,
    last_status_code: row.lastStatusCode,
    last_latency_ms: row.lastLatencyMs,
    last_error: row.lastError,
    next_attempt_at: row.status === 'pending' || row.status === 'retrying' ? row.nextAttemptAt.toISOString() : null,
    created_at: row.createdAt.toISOString(),
    completed_at: row.completedAt?.toISOString() ?? null,
  };
}

export function attemptView(row: AttemptRow): z.infer<typeof attemptResponse> {
  return {
    id: row.id,
    attempt_number: row.attemptNumber,
    started_at: row.startedAt.toISOString(),
    latency_ms: row.latencyMs,
    status_code: row.statusCode,
    succeeded: row.succeeded,
    error: row.error,
    response_excerpt: row.responseExcerpt,
  };
}
