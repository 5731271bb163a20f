import type { Executor } from '@ops/db';
import type { EventData, EventType } from '@ops/events';
import { eventWriter } from '@ops/outbox';
import { outbox } from './schema.js';

const write = eventWriter(outbox, 'device');

/** A device or alert event, in the caller's transaction, under the device's organization. */
export function recordDeviceEvent<T extends EventType>(tx: Executor, orgId: string, type: T, data: EventData<T>, time: Date): Promise<void> {
  return write(tx, type, data, { orgId, time });
}
