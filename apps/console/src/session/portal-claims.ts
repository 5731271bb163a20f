/** What the console reads from a portal token: its one organization and its expiry (seconds since the epoch). */
export interface PortalClaims {
  orgId: string;
  expiresAt: number;
}

/**
 * Reads (does not verify: the API verifies every request) a portal link's token, to show its organization and
 * expiry. Null for anything that is not a portal token of one organization.
 */
export function portalClaims(token: string): PortalClaims | null {
  try {
    const part = token.split('.')[1] ?? '';
    const payload = JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/'))) as {
      scope?: unknown;
      orgs?: Record<string, string>;
      exp?: unknown;
    };
    const orgs = Object.keys(payload.orgs ?? {});
    if (payload.scope !== 'portal' || orgs.length !== 1 || typeof payload.exp !== 'number') return null;
    return { orgId: orgs[0]!, expiresAt: payload.exp };
  } catch {
    return null;
  }
}
