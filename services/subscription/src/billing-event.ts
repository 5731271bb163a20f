import type { Executor } from '@ops/db';
import { createEvent, type EventData, type EventType } from '@ops/events';
import { addToOutbox } from '@ops/outbox';
import { outbox, type SubscriptionRow } from './schema.js';

/** Writes a billing event to the outbox in the caller's transaction, under the organization the subscription pays for. */
export async function recordBillingEvent<T extends EventType>(tx: Executor, subscription: Pick<SubscriptionRow, 'orgId'>, type: T, data: EventData<T>, time: Date): Promise<void> {
  await addToOutbox(tx, outbox, [createEvent({ type, source: 'subscription', orgId: subscription.orgId, time, data })]);
}
