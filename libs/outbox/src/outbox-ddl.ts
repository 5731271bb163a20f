import type { Database } from '@ops/db';
import { sql } from 'drizzle-orm';
import { pgSchema } from 'drizzle-orm/pg-core';
import { outboxTable, type OutboxTable } from './outbox-table.js';

/**
 * Creates `<schema>.outbox` if missing, as outboxTable defines it, for a database that our migrations do not
 * manage (an outside publisher's, through @ops/publisher). Our services get the same table from their drizzle
 * migrations; outbox-ddl.int.spec.ts keeps the two equal.
 */
export async function ensureOutboxTable(database: Database, schema: string): Promise<OutboxTable> {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`outbox schema ${JSON.stringify(schema)}: lower-case letters, digits and _ only`);
  const s = sql.identifier(schema);
  await database.withLock(`outbox-ddl-${schema}`, async (orm) => {
    await orm.execute(sql`create schema if not exists ${s}`);
    await orm.execute(sql`create table if not exists ${s}."outbox" (
      "id" bigserial primary key not null,
      "event_id" text not null,
      "envelope" json not null,
      "created_at" timestamp with time zone default now() not null,
      "published_at" timestamp with time zone,
      "stream_seq" bigint,
      "trace_context" text,
      constraint "outbox_event_id_unique" unique("event_id")
    )`);
    // A table made before trace contexts were kept.
    await orm.execute(sql`alter table ${s}."outbox" add column if not exists "trace_context" text`);
    await orm.execute(
      sql`create index if not exists "outbox_unpublished_idx" on ${s}."outbox" using btree ("id") where published_at is null`,
    );
    await orm.execute(
      sql`create index if not exists "outbox_stream_seq_idx" on ${s}."outbox" using btree ("stream_seq") where stream_seq is not null`,
    );
  });
  return outboxTable(pgSchema(schema));
}
