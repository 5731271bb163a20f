import { createHmac } from 'node:crypto';
import { secretKey } from './secret.js';

export interface SignInput {
  /** The `webhook-id`: the same on every attempt of one delivery. */
  msgId: string;
  /** The `webhook-timestamp`: this attempt's time, in whole seconds since the epoch. */
  timestampSeconds: number;
  /** The exact bytes sent. Receivers must verify the raw body, not a re-serialized one. */
  body: string;
}

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` for one secret. */
export function signatureFor(key: Buffer, input: SignInput): string {
  const mac = createHmac('sha256', key).update(`${input.msgId}.${input.timestampSeconds}.${input.body}`).digest('base64');
  return `v1,${mac}`;
}

export interface WebhookHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * The three Standard Webhooks headers. With several secrets (during a rotation's overlap) the signature
 * header lists one signature per secret, space-separated, and a receiver holding either one verifies.
 */
export function signWebhook(secrets: readonly (string | Buffer)[], input: SignInput): WebhookHeaders {
  const signatures = secrets.map((s) => signatureFor(typeof s === 'string' ? secretKey(s) : s, input));
  return {
    'webhook-id': input.msgId,
    'webhook-timestamp': String(input.timestampSeconds),
    'webhook-signature': signatures.join(' '),
  };
}
