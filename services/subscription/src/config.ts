import { perWindow, publicRoutesEnv } from '@ops/rate-limits';
import { loadConfig, runtimeEnv } from '@ops/runtime';
import { z } from 'zod';

const days = (fallback: number) => z.coerce.number().int().min(1).max(3650).default(fallback);

export const subscriptionEnv = {
  ...runtimeEnv,
  SUBSCRIPTION_PORT: z.coerce.number().int().min(0).max(65535).default(8086),
  HOST: z.string().default('127.0.0.1'),
  JWKS_URL: z.url().default('http://127.0.0.1:8081/.well-known/jwks.json'),
  /** Length of the trial a new user gets. */
  TRIAL_DAYS: days(14),
  /** Length of a billing period. */
  BILLING_PERIOD_DAYS: days(30),
  /** Days after its period starts that an invoice is due. */
  INVOICE_DUE_DAYS: days(7),
  /** How often the billing cycle (renewals, overdue invoices) runs. */
  BILLING_CYCLE_INTERVAL_MS: z.coerce.number().int().min(100).default(60_000),
  /** The payment provider's webhook signing secret (Stripe: `whsec_...`). Unset: its webhooks are refused. */
  PAYMENT_WEBHOOK_SECRET: z.string().min(8).optional(),
  /** A provider webhook signed more than this before or after now is refused as a possible replay. */
  PAYMENT_WEBHOOK_TOLERANCE_S: z.coerce.number().int().min(1).default(300),
  ...publicRoutesEnv,
  /**
   * Provider webhooks from one address per RATE_LIMIT_WINDOW_S. The provider sends from a few addresses and
   * retries a 429 later, so this is generous: it stops floods of forged requests, not the provider's bursts.
   */
  PAYMENT_WEBHOOK_RATE_LIMIT: perWindow(600),
};

export type SubscriptionConfig = ReturnType<typeof loadSubscriptionConfig>;

export function loadSubscriptionConfig(env: Record<string, string | undefined> = process.env) {
  return loadConfig(subscriptionEnv, env);
}
