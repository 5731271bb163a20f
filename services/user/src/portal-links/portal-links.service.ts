import { Inject, Injectable } from '@nestjs/common';
import { isPlatformAdmin, TokenIssuer, type Principal } from '@ops/auth';
import { ForbiddenError } from '@ops/http';
import { OrganizationDirectory } from './organization-directory.js';

export const PORTAL_SETTINGS = Symbol('PORTAL_SETTINGS');
export interface PortalSettings {
  /** How long a portal link works, in seconds. */
  linkTtlSeconds: number;
}

export interface PortalLink {
  token: string;
  orgId: string;
  expiresAt: Date;
}

/** Portal links: an organization's owners, and platform admins, hand its webhooks to someone for a while. */
@Injectable()
export class PortalLinksService {
  constructor(
    @Inject(TokenIssuer) private readonly issuer: TokenIssuer,
    @Inject(OrganizationDirectory) private readonly organizations: OrganizationDirectory,
    @Inject(PORTAL_SETTINGS) private readonly settings: PortalSettings,
  ) {}

  async mint(principal: Principal, orgId: string, callerToken: string): Promise<PortalLink> {
    // The organization must exist for the caller (404 otherwise), admins included.
    const role = await this.organizations.roleOf(orgId, principal, callerToken);
    if (!isPlatformAdmin(principal) && role !== 'owner')
      throw new ForbiddenError("only the organization's owners and platform admins mint portal links");
    const issued = await this.issuer.issuePortal(principal, orgId, this.settings.linkTtlSeconds);
    return { token: issued.accessToken, orgId, expiresAt: new Date(issued.issuedAtMs + issued.expiresInSeconds * 1000) };
  }
}
