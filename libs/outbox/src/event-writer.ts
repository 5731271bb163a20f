import type { Executor } from '@ops/db';
import { createEvent, type EventData, type EventType } from '@ops/events';
import { addToOutbox } from './outbox.js';
import type { OutboxTable } from './outbox-table.js';

/** Writes one event of a service to its outbox, in the caller's transaction. */
export type EventWriter = <T extends EventType>(tx: Executor, type: T, data: EventData<T>, at: { orgId: string | null; time: Date }) => Promise<void>;

/** A service's event writer: bound to its outbox table and its source name, so call sites say only what happened. */
export function eventWriter(table: OutboxTable, source: string): EventWriter {
  return (tx, type, data, at) => addToOutbox(tx, table, [createEvent({ type, source, orgId: at.orgId, time: at.time, data })]);
}
