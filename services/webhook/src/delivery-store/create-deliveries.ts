import { columnArrays, columnNames, type Database, type Executor, type RowOf } from '@ops/db';
import { type EventEnvelope, newId } from '@ops/events';
import { sql } from 'drizzle-orm';
import { deliveries, events } from '../schema.js';
import type { ClaimedDelivery, DeliverableEvent } from './claim-deliveries.js';
import { notifyDeliveriesDue } from './deliveries-channel.js';

/** An event as read from the stream, with its position there. */
export interface ReceivedEvent {
  event: EventEnvelope;
  streamSeq: number;
  /** The W3C traceparent of the ingest that received it; absent untraced (and for replays). */
  traceContext?: string | null;
}

/** A received event with its data serialised, once, for the events table and for every delivery of it. */
export interface EventToStore extends ReceivedEvent {
  deliverable: DeliverableEvent;
}

export function toStore(received: ReceivedEvent): EventToStore {
  const { event } = received;
  const traceContext = received.traceContext ?? null;
  return {
    ...received,
    deliverable: { id: event.id, type: event.type, time: event.time, dataJson: JSON.stringify(event.data), traceContext },
  };
}

const eventColumns = {
  id: events.id,
  type: events.type,
  source: events.source,
  orgId: events.orgId,
  time: events.time,
  data: events.data,
  streamSeq: events.streamSeq,
  traceContext: events.traceContext,
};

/**
 * Stores the events that deliveries are about to refer to, once each: an event already stored (redelivered
 * by the stream, or replayed) is left as it is. One statement for the whole batch.
 */
export async function storeEvents(tx: Executor, received: Iterable<EventToStore>): Promise<void> {
  const rows: Array<RowOf<typeof eventColumns>> = [...received].map(({ event, streamSeq, deliverable }) => ({
    id: event.id,
    type: event.type,
    source: event.source,
    orgId: event.org_id,
    time: event.time,
    data: deliverable.dataJson,
    streamSeq,
    traceContext: deliverable.traceContext,
  }));
  if (rows.length === 0) return;
  await tx.execute(
    sql`insert into ${events} (${columnNames(eventColumns)}) select * from ${columnArrays(eventColumns, rows)} on conflict (id) do nothing`,
  );
}

/** A delivery's identity and place in its endpoint's order: what every new delivery row is made of. */
const deliveryColumns = {
  id: deliveries.id,
  eventId: deliveries.eventId,
  endpointId: deliveries.endpointId,
  eventType: deliveries.eventType,
  streamSeq: deliveries.streamSeq,
  ordered: deliveries.ordered,
};

const newDeliveryColumns = { ...deliveryColumns, status: deliveries.status };

/** A new delivery of a received event to an endpoint: a fresh id, and the event's place in the endpoint's order. */
export function deliveryOf(received: ReceivedEvent, endpoint: { id: string; ordered: boolean }): RowOf<typeof deliveryColumns> {
  const { event, streamSeq } = received;
  return { id: newId('dlv'), eventId: event.id, endpointId: endpoint.id, eventType: event.type, streamSeq, ordered: endpoint.ordered };
}

/** A delivery to create: pending, or (the fast path) in flight for the worker that will send it at once. */
export type NewDelivery = RowOf<typeof newDeliveryColumns> & { status: 'pending' | 'in_flight' };

/** The worker that takes the in-flight deliveries created, and for how long. */
export interface Holder {
  workerId: string;
  leaseMs: number;
}

/**
 * Creates live deliveries, one per (event, endpoint): a redelivered event hits the unique (event_id,
 * endpoint_id) index and adds nothing. In-flight ones are created under `holder`'s lease and returned, ready to
 * send; pending ones wake every dispatcher at commit. Run in the transaction that stored their events.
 */
export async function createDeliveries(
  database: Database,
  tx: Executor,
  rows: readonly NewDelivery[],
  holder: Holder,
  eventsById: ReadonlyMap<string, DeliverableEvent>,
): Promise<{ created: number; inFlight: ClaimedDelivery[] }> {
  if (rows.length === 0) return { created: 0, inFlight: [] };
  const inserted = await database.query<{ id: string; endpoint_id: string; event_id: string; status: string }>(
    tx,
    sql`
    insert into ${deliveries} (${columnNames(newDeliveryColumns)}, lease_expires_at, worker_id)
    select x.*,
      case when x.status = 'in_flight' then now() + ${holder.leaseMs} * interval '1 millisecond' end,
      case when x.status = 'in_flight' then ${holder.workerId} end
    from ${columnArrays(newDeliveryColumns, rows)}
    on conflict (event_id, endpoint_id) where replay_id is null do nothing
    returning id, endpoint_id, event_id, status`,
  );
  if (inserted.some((d) => d.status === 'pending')) await notifyDeliveriesDue(tx);
  const inFlight = inserted
    .filter((d) => d.status === 'in_flight')
    .map((d) => {
      return {
        deliveryId: d.id,
        endpointId: d.endpoint_id,
        replayId: null,
        attemptCount: 0,
        scheduleStartedAfter: 0,
        event: eventsById.get(d.event_id)!,
      };
    });
  return { created: inserted.length, inFlight };
}

/**
 * Creates a replay's deliveries, pending and marked with the replay (behind live traffic); a batch written
 * twice adds nothing, by the unique (replay, event, endpoint) index. Returns how many were created.
 */
export async function createReplayDeliveries(
  database: Database,
  tx: Executor,
  replayId: string,
  rows: ReadonlyArray<RowOf<typeof deliveryColumns>>,
): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await database.query<{ id: string }>(
    tx,
    sql`
    insert into ${deliveries} (${columnNames(deliveryColumns)}, status, replay_id)
    select x.*, 'pending', ${replayId} from ${columnArrays(deliveryColumns, rows)}
    on conflict (replay_id, event_id, endpoint_id) where replay_id is not null do nothing
    returning id`,
  );
  if (inserted.length > 0) await notifyDeliveriesDue(tx);
  return inserted.length;
}

/** The one delivery of a test event: in flight at once (its attempt is made by the caller, who waits for it). */
export async function createTestDelivery(tx: Executor, delivery: { id: string; event: EventEnvelope; endpointId: string }): Promise<void> {
  const { event } = delivery;
  // stream_seq 0: this event never was on the stream.
  await tx.insert(events).values({
    id: event.id,
    type: event.type,
    source: event.source,
    orgId: event.org_id,
    time: event.time,
    data: event.data,
    streamSeq: 0,
  });
  await tx.insert(deliveries).values({
    id: delivery.id,
    eventId: event.id,
    endpointId: delivery.endpointId,
    eventType: event.type,
    status: 'in_flight',
    leaseExpiresAt: sql`now() + interval '5 minutes'`,
  });
}
