import type { z } from 'zod';
import type { subscriptionResponse } from '../subscription.responses.js';
import type { InvoiceRow, SubscriptionRow } from '../schema.js';

export function subscriptionView(row: SubscriptionRow, invoices: InvoiceRow[] = []): z.infer<typeof subscriptionResponse> {
  return {
    subscription_id: row.id,
    user_id: row.userId,
    email: row.email,
    org_id: row.orgId,
    tier: row.tier,
    status: row.status,
    trial_ends_at: row.trialEndsAt?.toISOString() ?? null,
    current_period_start: row.currentPeriodStart.toISOString(),
    current_period_end: row.currentPeriodEnd.toISOString(),
    cancel_at: row.cancelAt?.toISOString() ?? null,
    notes: row.notes,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
    invoices: invoices.map((i) => ({
      invoice_id: i.id,
      amount_cents: i.amountCents,
      currency: i.currency,
      status: i.status,
      period_start: i.periodStart.toISOString(),
      period_end: i.periodEnd.toISOString(),
      due_at: i.dueAt.toISOString(),
      paid_at: i.paidAt?.toISOString() ?? null,
    })),
  };
}
