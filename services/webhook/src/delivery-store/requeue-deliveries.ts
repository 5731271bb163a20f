import type { Executor } from '@ops/db';
import { and, eq, gte, lte, ne, sql, type SQL } from 'drizzle-orm';
import { deliveries, type DeliveryRow } from '../schema.js';
import { notifyDeliveriesDue } from './deliveries-channel.js';

/**
 * Puts deliveries back in the queue, due now, with a fresh retry schedule. Their attempts go on under the
 * same webhook-id (the event id) and are numbered after the earlier ones, so the log keeps the whole story.
 * A delivery in flight is left alone. Returns the deliveries requeued, as they were requeued.
 */
export async function requeueDeliveries(tx: Executor, where: SQL): Promise<DeliveryRow[]> {
  const rows = await tx
    .update(deliveries)
    .set({
      status: 'pending',
      nextAttemptAt: sql`now()`,
      scheduleStartedAfter: sql`${deliveries.attemptCount}`,
      completedAt: null,
      updatedAt: sql`now()`,
    })
    .where(and(where, ne(deliveries.status, 'in_flight')))
    .returning();
  if (rows.length > 0) await notifyDeliveriesDue(tx);
  return rows;
}

export function oneDelivery(endpointId: string, deliveryId: string): SQL {
  return and(eq(deliveries.endpointId, endpointId), eq(deliveries.id, deliveryId))!;
}

/** Failed deliveries of an endpoint created in [since, until]: what a receiver back from an outage missed. */
export function failedSince(endpointId: string, since: Date, until: Date): SQL {
  return and(
    eq(deliveries.endpointId, endpointId),
    eq(deliveries.status, 'failed'),
    gte(deliveries.createdAt, since),
    lte(deliveries.createdAt, until),
  )!;
}
