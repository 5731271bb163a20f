import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A device's credential is `<device id>.<secret>`, sent as `Authorization: Device <credential>`. Only the
 * secret's SHA-256 is stored: enough for 32 random bytes (no password to stretch), and cheap on the hot path.
 */
export function newDeviceSecret(): string {
  return randomBytes(32).toString('base64url');
}

export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('base64url');

export function parseCredential(header: string | undefined): { deviceId: string; secret: string } | null {
  const match = header ? /^Device\s+(dev_[A-Za-z0-9-]+)\.([A-Za-z0-9_-]{20,100})$/.exec(header) : null;
  return match ? { deviceId: match[1]!, secret: match[2]! } : null;
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret));
  const b = Buffer.from(storedHash);
  return a.length === b.length && timingSafeEqual(a, b);
}
