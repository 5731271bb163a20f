import type { Database } from '@ops/db';
import { newId, type EventEnvelope } from '@ops/events';
import { sql } from 'drizzle-orm';
import type { ClaimedDelivery } from '../delivery/claim-deliveries.js';
import type { Admission } from '../delivery/dispatcher.js';
import type { EndpointDirectory } from '../endpoints/endpoint-directory.js';
import { deliveries } from '../schema.js';
import { storeEvents } from './store-events.js';

export interface ReceivedEvent {
  event: EventEnvelope;
  streamSeq: number;
}

/** The NOTIFY channel that tells dispatchers (in every replica) that new deliveries are due. */
export const DELIVERIES_CHANNEL = 'webhooks_deliveries';

export interface RecordedDeliveries {
  created: number;
  /** Created already claimed by the local worker (the fast path): it sends them without a claim query. */
  admitted: ClaimedDelivery[];
}

/**
 * Matches a batch of events to endpoints and records one delivery per (event, endpoint), in one
 * transaction: a redelivered event hits the unique (event_id, endpoint_id) index and adds nothing.
 * Deliveries the local worker has room for are created in flight under its lease and handed to it;
 * the rest are created pending, for any replica to claim. Rows travel as one JSON parameter
 * (json_to_recordset), so a batch of any size is a fixed number of statements.
 */
export async function recordDeliveries(
  database: Database,
  directory: EndpointDirectory,
  batch: readonly ReceivedEvent[],
  admission: Admission,
): Promise<RecordedDeliveries> {
  return database.orm.transaction(async (tx) => {
    await directory.refresh(tx);
    const eventRows = new Map<string, ReceivedEvent>();
    const deliveryRows: Array<Record<string, unknown>> = [];
    for (const { event, streamSeq } of batch) {
      if (eventRows.has(event.id)) continue;
      const matched = directory.match(event);
      if (matched.length === 0) continue;
      eventRows.set(event.id, { event, streamSeq });
      for (const endpoint of matched) {
        // A disabled endpoint's deliveries wait, pending, for it to be re-enabled.
        // An ordered endpoint's deliveries always go through a claim, which takes only its head.
        const admitted = endpoint.active && !endpoint.ordered && admission.admit(endpoint.id);
        deliveryRows.push({ id: newId('dlv'), event_id: event.id, endpoint_id: endpoint.id, event_type: event.type, stream_seq: streamSeq, ordered: endpoint.ordered, in_flight: admitted });
      }
    }
    if (deliveryRows.length === 0) return { created: 0, admitted: [] };
    await storeEvents(tx, eventRows.values());
    const inserted = await database.query<{ id: string; endpoint_id: string; event_id: string; status: string }>(
      tx,
      sql`
      insert into ${deliveries} (id, event_id, endpoint_id, event_type, stream_seq, ordered, status, lease_expires_at, worker_id)
      select id, event_id, endpoint_id, event_type, stream_seq, ordered,
        case when in_flight then 'in_flight' else 'pending' end,
        case when in_flight then now() + ${admission.leaseMs} * interval '1 millisecond' end,
        case when in_flight then ${admission.workerId} end
      from json_to_recordset(${JSON.stringify(deliveryRows)}::json) as x(id text, event_id text, endpoint_id text, event_type text, stream_seq bigint, ordered boolean, in_flight boolean)
      on conflict (event_id, endpoint_id) where replay_id is null do nothing
      returning id, endpoint_id, event_id, status`,
    );
    if (inserted.some((d) => d.status === 'pending')) await tx.execute(sql`select pg_notify(${DELIVERIES_CHANNEL}, '')`);
    const byId = new Map(batch.map((r) => [r.event.id, r.event]));
    const admitted = inserted
      .filter((d) => d.status === 'in_flight')
      .map((d) => {
        const e = byId.get(d.event_id)!;
        return { deliveryId: d.id, endpointId: d.endpoint_id, replayId: null, attemptCount: 0, scheduleStartedAfter: 0, event: { id: e.id, type: e.type, time: e.time, data: e.data } };
      });
    return { created: inserted.length, admitted };
  });
}
