import type { EventEnvelope } from '@ops/events';
import type { Principal } from './principal.js';

/**
 * When each user's tokens stopped being valid: every token issued at or before that moment is refused.
 * Fed by the user service's events (`revocationOf`), so that every service refuses a revoked token without
 * asking the user service. Entries older than the longest token lifetime are useless and can be dropped.
 */
export class Revocations {
  private readonly revokedAtMs = new Map<string, number>();

  revoke(userId: string, atMs: number): void {
    if (atMs > (this.revokedAtMs.get(userId) ?? -Infinity)) this.revokedAtMs.set(userId, atMs);
  }

  isRevoked(principal: Pick<Principal, 'userId' | 'issuedAtMs'>): boolean {
    const at = this.revokedAtMs.get(principal.userId);
    return at !== undefined && principal.issuedAtMs <= at;
  }

  /** Forgets revocations that no unexpired token can predate. */
  prune(olderThanMs: number): void {
    for (const [userId, at] of this.revokedAtMs) if (at < olderThanMs) this.revokedAtMs.delete(userId);
  }
}

/**
 * The user events that end a user's sessions: signing out (everywhere), a password change, an
 * administrator's change (role, email and status are in the token), a deletion.
 */
export function revocationOf(event: EventEnvelope): { userId: string; atMs: number } | null {
  const data = event.data as Record<string, unknown>;
  const at = (field: string) => ({ userId: String(data.user_id), atMs: Date.parse(String(data[field])) });
  switch (event.type) {
    case 'user.logout':
      return at('logout_at');
    case 'user.password_changed':
      return at('changed_at');
    case 'user.updated':
      return at('updated_at');
    case 'user.deleted':
      return at('deleted_at');
    default:
      return null;
  }
}
