import { z } from 'zod';
import { defineEvent } from '../define-event.js';
import { amountCents, currency, email, id, isoTime } from '../fields.js';

const at = '2026-01-26T17:30:00.000Z';

export const subscriptionEvents = [
  defineEvent({
    type: 'subscription.created',
    domain: 'subscription',
    description: 'A subscription was opened (a trial, for a new user).',
    data: z.strictObject({
      subscription_id: id,
      user_id: id,
      email,
      tier: z.string(),
      status: z.string(),
      trial_ends_at: isoTime.nullable(),
      created_at: isoTime,
    }),
    example: {
      subscription_id: 'sub_0194b8a2c3d47e5f',
      user_id: 'usr_0194b8a2c3d47e5f',
      email: 'user@example.com',
      tier: 'trial',
      status: 'trialing',
      trial_ends_at: '2026-02-09T17:30:00.000Z',
      created_at: at,
    },
  }),
  defineEvent({
    type: 'subscription.updated',
    domain: 'subscription',
    description: 'An administrator changed a subscription\'s tier or status.',
    data: z.strictObject({
      email,
      tier: z.string(),
      status: z.string(),
      updated_at: isoTime,
      updated_by: z.string(),
      notes: z.string().nullable(),
    }),
    example: {
      email: 'user@example.com',
      tier: 'professional',
      status: 'active',
      updated_at: at,
      updated_by: 'admin@example.com',
      notes: 'Upgraded from starter',
    },
  }),
  defineEvent({
    type: 'subscription.cancelled',
    domain: 'subscription',
    description: 'A subscription was cancelled; it ends at effective_at.',
    data: z.strictObject({
      subscription_id: id,
      email,
      tier: z.string(),
      cancelled_by: z.string(),
      reason: z.string().nullable(),
      cancelled_at: isoTime,
      effective_at: isoTime,
    }),
    example: {
      subscription_id: 'sub_0194b8a2c3d47e5f',
      email: 'user@example.com',
      tier: 'professional',
      cancelled_by: 'user@example.com',
      reason: 'Too expensive',
      cancelled_at: at,
      effective_at: '2026-02-26T17:30:00.000Z',
    },
  }),
  defineEvent({
    type: 'subscription.renewed',
    domain: 'subscription',
    description: 'A billing period ended and the subscription renewed for the next one.',
    data: z.strictObject({
      subscription_id: id,
      email,
      tier: z.string(),
      period_start: isoTime,
      period_end: isoTime,
      renewed_at: isoTime,
    }),
    example: {
      subscription_id: 'sub_0194b8a2c3d47e5f',
      email: 'user@example.com',
      tier: 'professional',
      period_start: at,
      period_end: '2026-02-26T17:30:00.000Z',
      renewed_at: at,
    },
  }),
  defineEvent({
    type: 'subscription.payment_failed',
    domain: 'subscription',
    description: 'The payment for a subscription\'s invoice failed.',
    data: z.strictObject({
      subscription_id: id,
      email,
      invoice_id: id,
      amount_cents: amountCents,
      currency,
      failure_reason: z.string(),
      failed_at: isoTime,
    }),
    example: {
      subscription_id: 'sub_0194b8a2c3d47e5f',
      email: 'user@example.com',
      invoice_id: 'inv_0194b8a2c3d47e5f',
      amount_cents: 4900,
      currency: 'usd',
      failure_reason: 'card_declined',
      failed_at: at,
    },
  }),
] as const;
