import type { Executor } from '@ops/db';
import { sql } from 'drizzle-orm';
import { events } from '../schema.js';
import type { ReceivedEvent } from './record-deliveries.js';

/**
 * Stores the events that deliveries are about to refer to, once each: an event already stored (redelivered
 * by the stream, or replayed) is left as it is. One statement for the whole batch.
 */
export async function storeEvents(tx: Executor, received: Iterable<ReceivedEvent>): Promise<void> {
  const rows = [...received].map(({ event, streamSeq }) => ({ id: event.id, type: event.type, source: event.source, org_id: event.org_id, time: event.time, data: event.data, stream_seq: streamSeq }));
  if (rows.length === 0) return;
  await tx.execute(sql`
    insert into ${events} (id, type, source, org_id, time, data, stream_seq)
    select id, type, source, org_id, time, data, stream_seq
    from json_to_recordset(${JSON.stringify(rows)}::json)
      as x(id text, type text, source text, org_id text, time text, data json, stream_seq bigint)
    on conflict (id) do nothing`);
}
