import { randomBytes } from 'node:crypto';
import { InvalidSecretError } from './errors.js';

const PREFIX = 'whsec_';

/** A new endpoint secret: `whsec_` and 32 random bytes in base64, as the Standard Webhooks spec describes. */
export function generateSecret(): string {
  return PREFIX + randomBytes(32).toString('base64');
}

/** The HMAC key a `whsec_...` secret stands for. */
export function secretKey(secret: string): Buffer {
  if (!secret.startsWith(PREFIX)) throw new InvalidSecretError('a signing secret starts with whsec_');
  const key = Buffer.from(secret.slice(PREFIX.length), 'base64');
  if (key.length < 24 || key.length > 64) throw new InvalidSecretError('a signing secret holds 24 to 64 bytes of base64');
  return key;
}
