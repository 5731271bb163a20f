import type { Executor } from '@ops/db';
import type { EventData, EventType } from '@ops/events';
import { eventWriter } from '@ops/outbox';
import { outbox } from '../schema.js';

const write = eventWriter(outbox, 'user');

/** A user event, in the caller's transaction: accounts belong to no organization. */
export function recordUserEvent<T extends EventType>(tx: Executor, type: T, data: EventData<T>, time: Date): Promise<void> {
  return write(tx, type, data, { orgId: null, time });
}
