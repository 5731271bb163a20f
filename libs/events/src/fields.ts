import { z } from 'zod';

/** Field shapes shared by several events, so that `email` means the same everywhere. */
export const isoTime = z.iso.datetime({ offset: true });
export const email = z.email();
export const id = z.string().min(1);
export const amountCents = z.number().int().nonnegative();
export const currency = z.string().length(3);
/** Names of the fields an update changed, so that a receiver need not diff. */
export const changedFields = z.array(z.string()).min(1);
/** The plans an organization or a subscription can be on, cheapest first. */
export const planTiers = ['trial', 'starter', 'professional', 'enterprise'] as const;
export type PlanTier = (typeof planTiers)[number];
