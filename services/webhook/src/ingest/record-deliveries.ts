import type { Database } from '@ops/db';
import {
  createDeliveries,
  deliveryOf,
  storeEvents,
  toStore,
  type ClaimedDelivery,
  type DeliverableEvent,
  type EventToStore,
  type NewDelivery,
  type ReceivedEvent,
} from '../delivery-store/index.js';
import type { Admission } from '../dispatch/admission.js';
import type { EndpointDirectory } from '../endpoints/endpoint-directory.js';

export interface RecordedDeliveries {
  created: number;
  /** Created already claimed by the local worker (the fast path): it sends them without a claim query. */
  admitted: ClaimedDelivery[];
  /** How many events of the batch, from its start, were recorded: all, unless `stopWhenFull` stopped it. */
  taken: number;
  /** When it stopped: the endpoints of the first event not taken, whose lanes were full. */
  fullAt: string[];
}

/**
 * Matches a batch of events to endpoints and records one delivery per (event, endpoint), in one
 * transaction with the events they send: a redelivered event adds nothing. Deliveries the local worker has
 * room for are created in flight under its lease and handed to it; the rest are created pending, for any
 * replica to claim. A batch of any size is a fixed number of statements.
 *
 * With `stopWhenFull`, it stops before the first event (after the first) that would only add deliveries to
 * full lanes: the caller records the rest once requests have finished, so that they too are created in flight
 * rather than pending and claimed later. An event that reaches some endpoint with room, or only endpoints
 * this worker never takes by the fast path, does not stop it, so one hung endpoint's full lane holds back no one.
 */
export async function recordDeliveries(
  database: Database,
  directory: EndpointDirectory,
  batch: readonly ReceivedEvent[],
  admission: Admission,
  stopWhenFull = false,
): Promise<RecordedDeliveries> {
  return database.orm.transaction(async (tx) => {
    await directory.refresh(tx);
    const matchedEvents = new Map<string, DeliverableEvent>();
    const stored: EventToStore[] = [];
    const rows: NewDelivery[] = [];
    let taken = 0;
    let fullAt: string[] = [];
    for (const received of batch) {
      const { event } = received;
      const matched = matchedEvents.has(event.id) ? [] : directory.match(event);
      // A disabled endpoint's deliveries wait, pending, for it to be re-enabled.
      // An ordered endpoint's deliveries always go through a claim, which takes only its head.
      const verdicts = matched.map((endpoint) => (endpoint.active && !endpoint.ordered ? admission.admit(endpoint.id) : 'elsewhere'));
      if (stopWhenFull && taken > 0 && verdicts.includes('full') && !verdicts.includes('admitted')) {
        fullAt = matched.filter((_, i) => verdicts[i] === 'full').map((e) => e.id);
        break;
      }
      taken++;
      if (matched.length === 0) continue;
      const toBeStored = toStore(received);
      matchedEvents.set(event.id, toBeStored.deliverable);
      stored.push(toBeStored);
      matched.forEach((endpoint, i) => {
        rows.push({ ...deliveryOf(received, endpoint), status: verdicts[i] === 'admitted' ? 'in_flight' : 'pending' });
      });
    }
    if (rows.length === 0) return { created: 0, admitted: [], taken, fullAt };
    await storeEvents(tx, stored);
    const { created, inFlight } = await createDeliveries(database, tx, rows, admission, matchedEvents);
    return { created, admitted: inFlight, taken, fullAt };
  });
}
