import type { Database } from '@ops/db';
import { newId, type EventEnvelope } from '@ops/events';
import { sql } from 'drizzle-orm';
import type { EndpointDirectory } from '../endpoints/endpoint-directory.js';
import { deliveries, events } from '../schema.js';

export interface ReceivedEvent {
  event: EventEnvelope;
  streamSeq: number;
}

/** The NOTIFY channel that tells dispatchers (in every replica) that new deliveries are due. */
export const DELIVERIES_CHANNEL = 'webhooks_deliveries';

/**
 * Matches a batch of events to endpoints and records one delivery per (event, endpoint), in one
 * transaction: a redelivered event hits the unique (event_id, endpoint_id) index and adds nothing.
 * Rows travel as one JSON parameter each way (jsonb_to_recordset), so a batch of any size is a
 * fixed number of statements. Returns the number of deliveries created.
 */
export async function recordDeliveries(database: Database, directory: EndpointDirectory, batch: readonly ReceivedEvent[]): Promise<number> {
  return database.orm.transaction(async (tx) => {
    await directory.refresh(tx);
    const eventRows = new Map<string, Record<string, unknown>>();
    const deliveryRows: Array<Record<string, unknown>> = [];
    for (const { event, streamSeq } of batch) {
      if (eventRows.has(event.id)) continue;
      const matched = directory.match(event);
      if (matched.length === 0) continue;
      eventRows.set(event.id, { id: event.id, type: event.type, source: event.source, org_id: event.org_id, time: event.time, data: event.data, stream_seq: streamSeq });
      for (const endpoint of matched) {
        deliveryRows.push({ id: newId('dlv'), event_id: event.id, endpoint_id: endpoint.id, event_type: event.type });
      }
    }
    if (deliveryRows.length === 0) return 0;
    await tx.execute(sql`
      insert into ${events} (id, type, source, org_id, time, data, stream_seq)
      select id, type, source, org_id, time, data, stream_seq
      from json_to_recordset(${JSON.stringify([...eventRows.values()])}::json)
        as x(id text, type text, source text, org_id text, time text, data json, stream_seq bigint)
      on conflict (id) do nothing`);
    const inserted = await database.query<{ id: string }>(
      tx,
      sql`
      insert into ${deliveries} (id, event_id, endpoint_id, event_type)
      select id, event_id, endpoint_id, event_type
      from json_to_recordset(${JSON.stringify(deliveryRows)}::json) as x(id text, event_id text, endpoint_id text, event_type text)
      on conflict (event_id, endpoint_id) do nothing
      returning id`,
    );
    if (inserted.length > 0) await tx.execute(sql`select pg_notify(${DELIVERIES_CHANNEL}, '')`);
    return inserted.length;
  });
}
