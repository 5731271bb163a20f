import type { Executor } from '@ops/db';
import { createEvent, type EventData, type EventType } from '@ops/events';
import { addToOutbox } from '@ops/outbox';
import { outbox } from '../schema.js';

/** Writes a user event to the outbox, in the caller's transaction: the change and its event commit together. */
export async function recordUserEvent<T extends EventType>(tx: Executor, type: T, data: EventData<T>, time: Date): Promise<void> {
  await addToOutbox(tx, outbox, [createEvent({ type, source: 'user', orgId: null, time, data })]);
}
