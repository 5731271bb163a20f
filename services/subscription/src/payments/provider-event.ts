import { z } from 'zod';

const currency = z
  .string()
  .length(3)
  .transform((c) => c.toLowerCase());

/** What every provider event carries; `data.object` is checked by its type's schema below. */
export const providerEnvelope = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  data: z.object({ object: z.unknown() }),
});
export type ProviderEnvelope = z.infer<typeof providerEnvelope>;

/**
 * The payment provider's webhook events that billing acts on, in Stripe's shapes (what `stripe listen` and
 * Stripe's dashboard send). Our invoice id travels in the payment's `metadata.invoice_id`.
 */
export const paymentSucceeded = z.object({
  id: z.string().min(1),
  amount: z.number().int().nonnegative(),
  currency,
  metadata: z.object({ invoice_id: z.string().min(1) }),
});

export const paymentFailed = paymentSucceeded.extend({
  last_payment_error: z.object({ code: z.string().optional(), message: z.string().optional() }).nullish(),
});

export const chargeRefunded = z.object({
  id: z.string().min(1),
  payment_intent: z.string().min(1),
  amount_refunded: z.number().int().nonnegative(),
  currency,
  refunds: z.object({ data: z.array(z.object({ id: z.string().min(1), reason: z.string().nullish() })).min(1) }),
});

export const handledTypes = {
  'payment_intent.succeeded': paymentSucceeded,
  'payment_intent.payment_failed': paymentFailed,
  'charge.refunded': chargeRefunded,
} as const;
export type HandledType = keyof typeof handledTypes;
