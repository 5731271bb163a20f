import type { EventEnvelope } from '@ops/events';
import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, json, text, timestamp, type PgSchema } from 'drizzle-orm/pg-core';

/**
 * The outbox lives in each service's own schema, next to the state it describes, so that a state change
 * and its event commit in one transaction. `id` gives the publish order.
 */
export function outboxTable(schema: PgSchema) {
  return schema.table(
    'outbox',
    {
      id: bigserial('id', { mode: 'number' }).primaryKey(),
      eventId: text('event_id').notNull().unique(),
      // json, not jsonb: keeps the producer's field order all the way to the receiver.
      envelope: json('envelope').$type<EventEnvelope>().notNull(),
      createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
      publishedAt: timestamp('published_at', { withTimezone: true }),
      /** Where the stream stored it, from its PubAck: what is checked to find acknowledged messages the broker lost. */
      streamSeq: bigint('stream_seq', { mode: 'number' }),
      /** The W3C traceparent of the work that wrote the event (null untraced): the relay's publish continues it. */
      traceContext: text('trace_context'),
    },
    (t) => [
      index('outbox_unpublished_idx').on(t.id).where(sql`published_at is null`),
      index('outbox_stream_seq_idx').on(t.streamSeq).where(sql`stream_seq is not null`),
    ],
  );
}

export type OutboxTable = ReturnType<typeof outboxTable>;
