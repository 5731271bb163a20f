import type { Database } from '@ops/publisher';
import { sql } from 'drizzle-orm';
import { integer, pgSchema, text, timestamp } from 'drizzle-orm/pg-core';

/** The job's own state: what it billed. Its outbox lives in the same schema, so both commit together. */
export const billingJob = pgSchema('billing_job');

export const usageInvoices = billingJob.table('usage_invoices', {
  id: text('id').primaryKey(),
  orgId: text('org_id').notNull(),
  amountCents: integer('amount_cents').notNull(),
  periodStart: timestamp('period_start', { withTimezone: true }).notNull(),
  periodEnd: timestamp('period_end', { withTimezone: true }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

/** The job's schema; a real team would keep this in its migrations. */
export async function ensureUsageInvoices(database: Database): Promise<void> {
  await database.orm.execute(sql`create schema if not exists billing_job`);
  await database.orm.execute(sql`create table if not exists billing_job.usage_invoices (
    id text primary key, org_id text not null, amount_cents integer not null,
    period_start timestamptz not null, period_end timestamptz not null, created_at timestamptz not null)`);
}
