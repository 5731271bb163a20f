export { type Principal, type OrgRole, isPlatformAdmin, canManageOrg, canReadOrg } from './principal.js';
export { orgScope } from './org-scope.js';
export { loadSigningKey, type SigningKey } from './signing-key.js';
export { TokenIssuer, type TokenSubject, type IssuedToken } from './token-issuer.js';
export { TokenVerifier, type TokenVerifierOptions } from './token-verifier.js';
export { AuthGuard, CurrentPrincipal } from './auth.guard.js';
export { HttpMemberships, MEMBERSHIPS, type Memberships, type HttpMembershipsOptions } from './memberships.js';
export { Revocations, revocationOf, subjectOf, type RevocationsOptions } from './revocations.js';
export { PortalRoute, PORTAL_ROUTE } from './portal-route.js';
