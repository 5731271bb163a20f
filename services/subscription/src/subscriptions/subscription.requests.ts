import { planTiers } from '@ops/events';
import { z } from 'zod';

export const subscriptionParams = z.strictObject({
  email: z
    .email()
    .max(320)
    .transform((e) => e.toLowerCase()),
});

/** The old design's admin update; cancellation has its own route, so `status` cannot be `cancelled` here. */
export const adminUpdateSubscriptionRequest = z
  .strictObject({
    tier: z.enum(planTiers).optional(),
    status: z.enum(['trialing', 'active', 'past_due'], { error: 'trialing, active or past_due (cancel with POST .../cancel)' }).optional(),
    notes: z.string().max(2000).nullable().optional(),
  })
  .refine((r) => r.tier !== undefined || r.status !== undefined || r.notes !== undefined, {
    message: 'give tier, status or notes: nothing to change',
  });
export type AdminUpdateSubscriptionRequest = z.infer<typeof adminUpdateSubscriptionRequest>;

export const cancelRequest = z.strictObject({ reason: z.string().trim().min(1).max(500).optional() });
export type CancelRequest = z.infer<typeof cancelRequest>;
