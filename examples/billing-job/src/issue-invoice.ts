import { randomUUID } from 'node:crypto';
import type { Database, EventEnvelope, Outbox } from '@ops/publisher';
import { usageInvoices } from './usage-invoices.js';

export interface UsageBill {
  orgId: string;
  subscriptionId: string;
  email: string;
  amountCents: number;
  periodStart: Date;
  periodEnd: Date;
}

const DAY_MS = 24 * 3600_000;

/**
 * Records an invoice for an organization's usage and its `invoice.created` event in one transaction: if either
 * write fails, neither happened, and the platform hears of exactly the invoices that exist.
 */
export async function issueUsageInvoice(
  database: Database,
  outbox: Outbox,
  bill: UsageBill,
  now = new Date(),
): Promise<EventEnvelope<'invoice.created'>> {
  const invoiceId = `inv_${randomUUID()}`;
  return database.orm.transaction(async (tx) => {
    await tx.insert(usageInvoices).values({
      id: invoiceId,
      orgId: bill.orgId,
      amountCents: bill.amountCents,
      periodStart: bill.periodStart,
      periodEnd: bill.periodEnd,
      createdAt: now,
    });
    return outbox.add(tx, {
      type: 'invoice.created',
      orgId: bill.orgId,
      time: now,
      data: {
        invoice_id: invoiceId,
        subscription_id: bill.subscriptionId,
        email: bill.email,
        amount_cents: bill.amountCents,
        currency: 'USD',
        period_start: bill.periodStart.toISOString(),
        period_end: bill.periodEnd.toISOString(),
        due_at: new Date(now.getTime() + 14 * DAY_MS).toISOString(),
        created_at: now.toISOString(),
      },
    });
  });
}
