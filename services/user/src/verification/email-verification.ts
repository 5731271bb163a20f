import { createHash, randomBytes } from 'node:crypto';
import type { Executor } from '@ops/db';
import { eq } from 'drizzle-orm';
import { emailVerifications, type UserRow } from '../schema.js';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

/**
 * Issues a verification token for the user's current address, replacing any earlier one. The raw token goes
 * only into the email; the table keeps its hash.
 */
export async function issueVerification(tx: Executor, user: Pick<UserRow, 'id' | 'email'>, ttlMs: number): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await tx.delete(emailVerifications).where(eq(emailVerifications.userId, user.id));
  await tx
    .insert(emailVerifications)
    .values({ tokenHash: hashToken(token), userId: user.id, email: user.email, expiresAt: new Date(Date.now() + ttlMs) });
  return token;
}

export function verificationEmail(to: string, token: string) {
  return {
    to,
    subject: 'Confirm your email address',
    text: `Confirm ${to} with this token (POST /auth/verify-email {"token": "..."}):\n\n${token}\n`,
  };
}
