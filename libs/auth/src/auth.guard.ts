import { Inject, Injectable, Optional, createParamDecorator, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { PUBLIC_ROUTE, UnauthenticatedError } from '@ops/http';
import { MEMBERSHIPS, type Memberships } from './memberships.js';
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
