import type { Executor } from '@ops/db';
import type { EventEnvelope } from '@ops/events';
import { currentTraceparent } from '@ops/tracing';
import { sql } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/pg-core';
import type { OutboxTable } from './outbox-table.js';

/** The NOTIFY channel a relay listens on, one per schema. */
export function outboxChannel(table: OutboxTable): string {
  return `outbox_${getTableConfig(table).schema ?? 'public'}`;
}

/**
 * Writes events into the caller's transaction, with the active trace context. They become visible to the relay, and the relay is woken,
 * only when that transaction commits: a rolled-back change publishes nothing.
 */
export async function addToOutbox(tx: Executor, table: OutboxTable, events: readonly EventEnvelope[]): Promise<void> {
  if (events.length === 0) return;
  // The request (or job) that changed state is the trace the event's publish, ingest and deliveries join.
  const traceContext = currentTraceparent();
  await tx.insert(table).values(events.map((envelope) => ({ eventId: envelope.id, envelope, traceContext })));
  await tx.execute(sql`select pg_notify(${outboxChannel(table)}, '')`);
}
