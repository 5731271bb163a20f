import { isoTimestamp } from '@ops/http';
import { z } from 'zod';
import { invoiceStatuses, subscriptionStatuses } from './schema.js';

/* What the subscription API answers: the views are typed by these, @Returns documents them. */

export const invoiceResponse = z
  .object({
    invoice_id: z.string(),
    amount_cents: z.number().int(),
    currency: z.string(),
    status: z.enum(invoiceStatuses),
    period_start: isoTimestamp(),
    period_end: isoTimestamp(),
    due_at: isoTimestamp(),
    paid_at: isoTimestamp().nullable(),
  })
  .meta({ id: 'Invoice' });

export const subscriptionResponse = z
  .object({
    subscription_id: z.string(),
    user_id: z.string(),
    email: z.string(),
    org_id: z.string().nullable(),
    tier: z.string(),
    status: z.enum(subscriptionStatuses),
    trial_ends_at: isoTimestamp().nullable(),
    current_period_start: isoTimestamp(),
    current_period_end: isoTimestamp(),
    cancel_at: isoTimestamp().nullable(),
    notes: z.string().nullable(),
    created_at: isoTimestamp(),
    updated_at: isoTimestamp(),
    invoices: z.array(invoiceResponse),
  })
  .meta({ id: 'Subscription' });

/** What the payment provider is told: received, and whether the event's type is one we act on. */
export const providerWebhookResponse = z.object({ received: z.literal(true), handled: z.boolean(), duplicate: z.boolean().optional() });
