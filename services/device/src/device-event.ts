import type { Executor } from '@ops/db';
import { createEvent, type EventData, type EventType } from '@ops/events';
import { addToOutbox } from '@ops/outbox';
import { outbox } from './schema.js';

/** Writes a device or alert event to the outbox, in the caller's transaction, under the device's organization. */
export async function recordDeviceEvent<T extends EventType>(tx: Executor, orgId: string, type: T, data: EventData<T>, time: Date): Promise<void> {
  await addToOutbox(tx, outbox, [createEvent({ type, source: 'device', orgId, time, data })]);
}
