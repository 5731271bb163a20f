/** Roles within an organization, from least to most rights. */
export type OrgRole = 'member' | 'admin' | 'owner';

/** Who is calling: taken from a verified access token, never from the request body. */
export interface Principal {
  userId: string;
  email: string;
  /** `admin` is a platform administrator: sees and manages everything. */
  role: 'admin' | 'user';
  /** Organizations the user belongs to, with their role in each. */
  orgs: Record<string, OrgRole>;
  /** The token's id, for revocation. */
  tokenId: string;
  /** When the token expires, in seconds since the epoch. */
  expiresAt: number;
  /** When the token was issued, in milliseconds since the epoch: revocation compares against it. */
  issuedAtMs: number;
  /**
   * Set for a portal link's token: the one organization it opens. Such a principal is never a platform admin,
   * holds no other organization, and passes only routes marked @PortalRoute().
   */
  portalOrg?: string;
}

export function isPlatformAdmin(principal: Principal): boolean {
  return principal.role === 'admin';
}

/** Owners and admins of an organization manage its resources (endpoints, devices); members only read. */
export function canManageOrg(principal: Principal, orgId: string): boolean {
  if (isPlatformAdmin(principal)) return true;
  const role = principal.orgs[orgId];
  return role === 'owner' || role === 'admin';
}

export function canReadOrg(principal: Principal, orgId: string): boolean {
  return isPlatformAdmin(principal) || orgId in principal.orgs;
}
