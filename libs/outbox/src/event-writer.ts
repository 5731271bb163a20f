import type { Executor } from '@ops/db';
import { createEvent, type EventData, type EventEnvelope, type EventType } from '@ops/events';
import { addToOutbox } from './outbox.js';
import type { OutboxTable } from './outbox-table.js';

/** One event as a service writes it; its id and source are the writer's to give. */
export interface EventToWrite<T extends EventType> {
  type: T;
  /** The organization it belongs to; null for platform-level events (a user's own account). */
  orgId: string | null;
  /** When it happened: the time of the change, from the caller's clock. */
  time: Date;
  data: EventData<T>;
}

/** Any one of `Types`' events (a union of EventToWrite, so that each `data` is checked against its `type`). */
export type AnyEventToWrite<Types extends EventType> = Types extends EventType ? EventToWrite<Types> : never;

/**
 * The one way a service writes events: into its outbox, in the caller's transaction, so that they are
 * published when, and only if, that transaction commits. Bound to the service's outbox table and source name,
 * and typed to the service's own event types, so call sites say only what happened.
 *
 * `const userEvents = new EventWriter<DomainEventTypes['user']>(outbox, 'user')`, then
 * `await userEvents.write(tx, { type: 'user.created', orgId: null, time: now, data })`.
 */
export class EventWriter<Types extends EventType = EventType> {
  constructor(
    private readonly table: OutboxTable,
    readonly source: string,
  ) {}

  /** Writes one event in `tx`; its data is validated against the catalog first (a producer bug fails here). */
  write<T extends Types>(tx: Executor, event: EventToWrite<T>): Promise<void> {
    return addToOutbox(tx, this.table, [this.envelope(event)]);
  }

  /** Writes several events in `tx` with one statement; none for an empty list. */
  writeAll(tx: Executor, events: readonly AnyEventToWrite<Types>[]): Promise<void> {
    // Each member of the union is an EventToWrite of its own type: widening it keeps `data` matched to `type`.
    return addToOutbox(
      tx,
      this.table,
      events.map((e) => this.envelope(e as EventToWrite<EventType>)),
    );
  }

  private envelope<T extends EventType>(event: EventToWrite<T>): EventEnvelope<T> {
    return createEvent({ type: event.type, source: this.source, orgId: event.orgId, time: event.time, data: event.data });
  }
}
