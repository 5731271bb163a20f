import type { EventEnvelope } from '@ops/events';
import type { Principal } from './principal.js';

export interface RevocationsOptions {
  /**
   * How long a token of a subject the feed has not heard of is still accepted after its issue, in ms: the
   * sign-in's `user.login` event may still be on its way from the user service's outbox. Default 30 s.
   */
  unknownSubjectGraceMs?: number;
}

/**
 * When each user's tokens stopped being valid: every token issued at or before that moment is refused.
 * Fed by the user service's events (`revocationOf`, `subjectOf`), so that every service refuses a revoked
 * token without asking the user service. Entries older than the longest token lifetime are useless and can
 * be dropped.
 *
 * Defence in depth: every token is issued right after a user event (a sign-in, a password change), so once
 * the feed has read one token lifetime of history (`trackSubjects`), a token whose subject had no event in
 * that time names no live user and is refused too, after a short grace for events still in flight.
 */
export class Revocations {
  private readonly revokedAtMs = new Map<string, number>();
  private readonly lastEventMs = new Map<string, number>();
  private tracking = false;
  private readonly graceMs: number;

  constructor(options: RevocationsOptions = {}) {
    this.graceMs = options.unknownSubjectGraceMs ?? 30_000;
  }

  revoke(userId: string, atMs: number): void {
    if (atMs > (this.revokedAtMs.get(userId) ?? -Infinity)) this.revokedAtMs.set(userId, atMs);
  }

  /** A user event was seen for this user at this time: the user exists and may hold tokens. */
  noteSubject(userId: string, atMs: number): void {
    if (atMs > (this.lastEventMs.get(userId) ?? -Infinity)) this.lastEventMs.set(userId, atMs);
  }

  /** From now on, a token of a subject with no event (past its grace) is refused: the history is complete. */
  trackSubjects(): void {
    this.tracking = true;
  }

  isRevoked(principal: Pick<Principal, 'userId' | 'issuedAtMs'>, nowMs = Date.now()): boolean {
    const at = this.revokedAtMs.get(principal.userId);
    if (at !== undefined && principal.issuedAtMs <= at) return true;
    return this.tracking && !this.lastEventMs.has(principal.userId) && principal.issuedAtMs < nowMs - this.graceMs;
  }

  /** Forgets revocations and subjects that no unexpired token can predate. */
  prune(olderThanMs: number): void {
    for (const [userId, at] of this.revokedAtMs) if (at < olderThanMs) this.revokedAtMs.delete(userId);
    // A token is issued just after its event: keep subjects a little longer than the tokens they vouch for.
    for (const [userId, at] of this.lastEventMs) if (at < olderThanMs - this.graceMs) this.lastEventMs.delete(userId);
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

/** The user any user event is about, and when it happened: evidence the user exists (a deletion revokes). */
export function subjectOf(event: EventEnvelope): { userId: string; atMs: number } | null {
  const userId = (event.data as Record<string, unknown>).user_id;
  return event.type.startsWith('user.') && typeof userId === 'string' ? { userId, atMs: Date.parse(event.time) } : null;
}
