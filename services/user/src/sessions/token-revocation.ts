import type { Principal } from '@ops/auth';
import type { Database, Executor } from '@ops/db';
import { eq, sql } from 'drizzle-orm';
import { users } from '../schema.js';

/**
 * Ends every session of a user: tokens issued up to `at` are refused from now on. Here at once (this check
 * reads the row); in the other services when the event written in the same transaction reaches them.
 */
export async function revokeTokens(tx: Executor, userId: string, at: Date): Promise<void> {
  await tx.update(users).set({ tokensRevokedAt: at }).where(eq(users.id, userId));
}

/** The user service's own check: a token is revoked if its user is gone or it predates the last revocation. */
export function isRevokedHere(database: Database): (principal: Principal) => Promise<boolean> {
  return async (principal) => {
    const [row] = await database.orm
      .select({ revokedAtMs: sql<number | null>`(extract(epoch from ${users.tokensRevokedAt}) * 1000)::float8` })
      .from(users)
      .where(eq(users.id, principal.userId));
    if (!row) return true;
    return row.revokedAtMs !== null && principal.issuedAtMs <= row.revokedAtMs;
  };
}
