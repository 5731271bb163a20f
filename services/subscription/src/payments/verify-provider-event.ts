import { UnauthenticatedError, ValidationError } from '@ops/http';
import Stripe from 'stripe';
import { providerEnvelope, type ProviderEnvelope } from './provider-event.js';

export interface PaymentWebhookSettings {
  /** Unset: every provider webhook is refused (403), rather than trusted unsigned. */
  secret: string | undefined;
  /** How far, in seconds, the signed timestamp may lie from now, either way. */
  toleranceSeconds: number;
}

/**
 * Verifies a provider webhook over the raw bytes received, with Stripe's own library (a body re-serialized by
 * a parser would not verify), and returns its envelope. Stripe's check only bounds the timestamp's age: one
 * signed for the future would stay replayable until then, so it is bounded here the other way too.
 */
export function verifyProviderEvent(
  rawBody: Buffer,
  signature: string,
  settings: PaymentWebhookSettings & { secret: string },
  nowMs: number,
): ProviderEnvelope {
  let event: unknown;
  try {
    event = Stripe.webhooks.constructEvent(rawBody, signature, settings.secret, settings.toleranceSeconds, undefined, nowMs);
  } catch (err) {
    throw new UnauthenticatedError(`Stripe-Signature: ${err instanceof Error ? err.message : 'does not verify'}`);
  }
  const signedAt = signedTimestamp(signature);
  if (!(signedAt <= nowMs / 1000 + settings.toleranceSeconds))
    throw new UnauthenticatedError('Stripe-Signature: timestamp is in the future, beyond the tolerance');
  // A correctly signed body is still outside input: `null`, `[]` or an event without a type is refused.
  const envelope = providerEnvelope.safeParse(event);
  if (!envelope.success) throw new ValidationError(envelope.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  return envelope.data;
}

/** The `t=` of a Stripe-Signature header, read as Stripe reads it (the last one wins). */
function signedTimestamp(header: string): number {
  let timestamp = Number.NaN;
  for (const item of header.split(',')) {
    const [key, value] = item.split('=');
    if (key === 't') timestamp = Number.parseInt(value ?? '', 10);
  }
  return timestamp;
}
