import type { PlanTier } from '@ops/events';

/** Monthly price of each plan, in cents. A free plan renews without an invoice. */
export const monthlyPriceCents: Record<PlanTier, number> = { trial: 0, starter: 1900, professional: 4900, enterprise: 19900 };
export const CURRENCY = 'usd';

export function priceOf(tier: string): number {
  return monthlyPriceCents[tier as PlanTier] ?? 0;
}
