import { portalClaims } from './portal-claims.js';

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
/** Why the last session ended, and whether it was a portal's: shown on the sign-in page, or the portal's closed page. */
let ended: { reason: string | null; portal: boolean } | null = null;
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
  ended: () => ended,
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  start(session: Session) {
    current = session;
    ended = null;
    sessionStorage.setItem(KEY, JSON.stringify(session));
    emit();
  },
  /** `portal`: the session ending is a portal's (default: whether the current one is). */
  end(reason: string | null = null, portal = current?.kind === 'portal') {
    current = null;
    ended = { reason: reason ?? (portal ? 'This portal link has expired.' : null), portal };
    sessionStorage.removeItem(KEY);
    emit();
  },
};

/** A portal link's session, from its token; null when the token is no portal token. */
export function portalSession(token: string): Session | null {
  const claims = portalClaims(token);
  return claims && { token, kind: 'portal', email: '', isAdmin: false, portalOrg: claims.orgId, expiresAt: claims.expiresAt };
}
