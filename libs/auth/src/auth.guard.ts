import { Inject, Injectable, Optional, createParamDecorator, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenError, PUBLIC_ROUTE, UnauthenticatedError } from '@ops/http';
import { MEMBERSHIPS, type Memberships } from './memberships.js';
import { PORTAL_ROUTE } from './portal-route.js';
import { isPlatformAdmin, type Principal } from './principal.js';
import { TokenVerifier } from './token-verifier.js';

interface AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  principal?: Principal;
}

/**
 * Installed as a global guard: a route is authenticated unless it says @Public() (from @ops/http). With
 * Memberships installed, the caller's organization roles come from the organization service, not the token.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(TokenVerifier) private readonly verifier: TokenVerifier,
    @Optional() @Inject(MEMBERSHIPS) private readonly memberships?: Memberships,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new UnauthenticatedError('Authorization: Bearer <token> is required');
    const principal = await this.verifier.verify(match[1]!);
    if (principal.portalOrg !== undefined) {
      if (!this.reflector.getAllAndOverride<boolean>(PORTAL_ROUTE, [context.getHandler(), context.getClass()])) {
        throw new ForbiddenError("a portal link opens its organization's webhooks only");
      }
      // Its one organization comes from the token, not from the minting person's memberships: the link is
      // short-lived, and ends with that person's sessions (its subject is theirs).
      request.principal = principal;
      return true;
    }
    // Platform admins may do everything anyway: no lookup.
    if (this.memberships && !isPlatformAdmin(principal)) principal.orgs = await this.memberships.rolesOf(principal, match[1]!);
    request.principal = principal;
    return true;
  }
}

/** The verified caller of an authenticated route. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new UnauthenticatedError();
  return principal;
});
