import type { z } from 'zod';
import type { replayResponse } from '../webhook.responses.js';
import type { DeliveryStatus, ReplayRow } from '../schema.js';

/**
 * A replay as the API shows it; `sequences_done` of `sequences_total` is its progress through the stream.
 * `deliveries` (by status) only where they were counted: one replay's view, not a list.
 */
export function replayView(row: ReplayRow, deliveriesByStatus?: Partial<Record<DeliveryStatus, number>>): z.infer<typeof replayResponse> {
  return {
    id: row.id,
    status: row.status,
    org_id: row.orgId,
    endpoint_id: row.endpointId,
    event_types: row.eventTypes,
    from_time: row.fromTime?.toISOString() ?? null,
    to_time: row.toTime?.toISOString() ?? null,
    from_seq: row.fromSeq,
    to_seq: row.toSeq,
    next_seq: row.nextSeq,
    sequences_total: row.toSeq - row.fromSeq + 1,
    sequences_done: Math.min(row.nextSeq, row.toSeq + 1) - row.fromSeq,
    events_read: row.eventsRead,
    events_matched: row.eventsMatched,
    deliveries_created: row.deliveriesCreated,
    ...(deliveriesByStatus && { deliveries: { pending: 0, in_flight: 0, retrying: 0, succeeded: 0, failed: 0, ...deliveriesByStatus } }),
    error: row.error,
    created_by: row.createdBy,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
    completed_at: row.completedAt?.toISOString() ?? null,
  };
}
