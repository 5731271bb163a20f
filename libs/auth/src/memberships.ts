import { ApiError } from '@ops/http';
import type { OrgRole, Principal } from './principal.js';

/**
 * Where a caller's organization roles come from. The organization service owns memberships; other services
 * ask it (HttpMemberships), it answers from its own tables. Installed, it replaces the token's `orgs` claim.
 */
export interface Memberships {
  rolesOf(principal: Principal, token: string): Promise<Record<string, OrgRole>>;
}

/** Injection token of the Memberships a service's AuthGuard uses; none installed: the token's claim. */
export const MEMBERSHIPS = Symbol('MEMBERSHIPS');

export interface HttpMembershipsOptions {
  /** The organization service's base URL, e.g. http://127.0.0.1:8085. */
  url: string;
  /** How long an answer is reused for the same user: role changes take effect within this. */
  cacheMs?: number;
  /** Answers kept at most (least recently fetched dropped first). */
  maxEntries?: number;
  timeoutMs?: number;
}

/**
 * Asks the organization service for the caller's roles, with the caller's own token (no service credential
 * to leak), and keeps each answer a few seconds so that a burst of requests costs one lookup. If the
 * organization service does not answer, requests that need roles fail (502), never pass unchecked.
 */
export class HttpMemberships implements Memberships {
  private readonly cache = new Map<string, { roles: Promise<Record<string, OrgRole>>; until: number }>();

  constructor(private readonly options: HttpMembershipsOptions) {}

  async rolesOf(principal: Principal, token: string): Promise<Record<string, OrgRole>> {
    const now = Date.now();
    const hit = this.cache.get(principal.userId);
    if (hit && hit.until > now) return hit.roles;
    const roles = this.fetch(token);
    this.cache.set(principal.userId, { roles, until: now + (this.options.cacheMs ?? 5_000) });
    roles.catch(() => this.cache.delete(principal.userId));
    if (this.cache.size > (this.options.maxEntries ?? 10_000)) this.cache.delete(this.cache.keys().next().value!);
    return roles;
  }

  /** Drops a user's cached roles: their next request asks again (a membership of theirs changed). */
  forget(userId: string): void {
    this.cache.delete(userId);
  }

  private async fetch(token: string): Promise<Record<string, OrgRole>> {
    let res: Response;
    try {
      res = await fetch(`${this.options.url}/api/v1/org/memberships`, {
        headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000),
      });
    } catch (err) {
      throw new ApiError(
        'OPS_ERR_UPSTREAM',
        `the organization service does not answer: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    if (!res.ok) throw new ApiError('OPS_ERR_UPSTREAM', `the organization service answered ${res.status} to a membership lookup`);
    const body = (await res.json()) as { memberships: Record<string, OrgRole> };
    return body.memberships;
  }
}
