import type { Database } from '@ops/db';
import { newId } from '@ops/events';
import { createDeliveries, storeEvents, toStore, type ClaimedDelivery, type DeliverableEvent, type EventToStore, type NewDelivery, type ReceivedEvent } from '../delivery-store/index.js';
import type { Admission } from '../dispatch/admission.js';
import type { EndpointDirectory } from '../endpoints/endpoint-directory.js';

export interface RecordedDeliveries {
  created: number;
  /** Created already claimed by the local worker (the fast path): it sends them without a claim query. */
  admitted: ClaimedDelivery[];
}

/**
 * Matches a batch of events to endpoints and records one delivery per (event, endpoint), in one
 * transaction with the events they send: a redelivered event adds nothing. Deliveries the local worker has
 * room for are created in flight under its lease and handed to it; the rest are created pending, for any
 * replica to claim. A batch of any size is a fixed number of statements.
 */
export async function recordDeliveries(
  database: Database,
  directory: EndpointDirectory,
  batch: readonly ReceivedEvent[],
  admission: Admission,
): Promise<RecordedDeliveries> {
  return database.orm.transaction(async (tx) => {
    await directory.refresh(tx);
    const matchedEvents = new Map<string, DeliverableEvent>();
    const stored: EventToStore[] = [];
    const rows: NewDelivery[] = [];
    for (const received of batch) {
      const { event, streamSeq } = received;
      if (matchedEvents.has(event.id)) continue;
      const matched = directory.match(event);
      if (matched.length === 0) continue;
      const toBeStored = toStore(received);
      matchedEvents.set(event.id, toBeStored.deliverable);
      stored.push(toBeStored);
      for (const endpoint of matched) {
        // A disabled endpoint's deliveries wait, pending, for it to be re-enabled.
        // An ordered endpoint's deliveries always go through a claim, which takes only its head.
        const admitted = endpoint.active && !endpoint.ordered && admission.admit(endpoint.id);
        rows.push({ id: newId('dlv'), eventId: event.id, endpointId: endpoint.id, eventType: event.type, streamSeq, ordered: endpoint.ordered, status: admitted ? 'in_flight' : 'pending' });
      }
    }
    if (rows.length === 0) return { created: 0, admitted: [] };
    await storeEvents(tx, stored);
    const { created, inFlight } = await createDeliveries(database, tx, rows, admission, matchedEvents);
    return { created, admitted: inFlight };
  });
}
