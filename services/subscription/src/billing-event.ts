import type { Executor } from '@ops/db';
import type { EventData, EventType } from '@ops/events';
import { eventWriter } from '@ops/outbox';
import { outbox, type SubscriptionRow } from './schema.js';

const write = eventWriter(outbox, 'subscription');

/** A billing event, in the caller's transaction, under the organization the subscription pays for. */
export function recordBillingEvent<T extends EventType>(tx: Executor, subscription: Pick<SubscriptionRow, 'orgId'>, type: T, data: EventData<T>, time: Date): Promise<void> {
  return write(tx, type, data, { orgId: subscription.orgId, time });
}
