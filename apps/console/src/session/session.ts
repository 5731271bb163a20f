/**
 * Who the console acts as: a signed-in person, or a portal link's holder. Kept in sessionStorage (one tab's
 * life, never a cookie: the API takes bearer tokens only), and dropped when the API says the token is over.
 */
export interface Session {
  token: string;
  kind: 'user' | 'portal';
  email: string;
  isAdmin: boolean;
  /** A portal's one organization. */
  portalOrg?: string;
  /** Seconds since the epoch. */
  expiresAt: number;
}

const KEY = 'ops-console-session';
let current: Session | null = read();
/** Why the last session ended, shown on the sign-in page (or the portal's expired page). */
let endedBecause: string | null = null;
const listeners = new Set<() => void>();

function read(): Session | null {
  const raw = sessionStorage.getItem(KEY);
  return raw ? (JSON.parse(raw) as Session) : null;
}

function emit() {
  for (const listener of listeners) listener();
}

export const sessionStore = {
  get: () => current,
  endedBecause: () => endedBecause,
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  start(session: Session) {
    current = session;
    endedBecause = null;
    sessionStorage.setItem(KEY, JSON.stringify(session));
    emit();
  },
  end(reason: string | null = null) {
    const wasPortal = current?.kind === 'portal';
    current = null;
    endedBecause = reason ?? (wasPortal ? 'This portal link has expired.' : null);
    sessionStorage.removeItem(KEY);
    emit();
  },
};

/** The claims a portal token carries, read (not verified: the API verifies) to show its organization and expiry. */
export function portalSession(token: string): Session | null {
  try {
    const payload = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { scope?: string; orgs?: Record<string, string>; email?: string; exp?: number };
    const org = Object.keys(payload.orgs ?? {})[0];
    if (payload.scope !== 'portal' || !org || !payload.exp) return null;
    return { token, kind: 'portal', email: '', isAdmin: false, portalOrg: org, expiresAt: payload.exp };
  } catch {
    return null;
  }
}
