import { UnauthenticatedError } from '@ops/http';
import { createLocalJWKSet, createRemoteJWKSet, jwtVerify, type JWK, type JWTVerifyGetKey } from 'jose';
import type { Principal } from './principal.js';
import { AUDIENCE, ISSUER, tokenClaims } from './token-claims.js';

export interface TokenVerifierOptions {
  /** Where the user service publishes its keys; fetched once and again when an unknown key id appears. */
  jwksUrl?: string;
  /** Or the key set itself (tests, or a service holding the issuer in-process). */
  jwks?: { keys: JWK[] };
  /** Tokens revoked before their expiry (sign-out, password change...); checked after the signature. */
  isRevoked?: (principal: Principal) => boolean | Promise<boolean>;
  /** How far in the future a token's issue time may be (clocks differ a little between hosts), in ms. Default 30 s. */
  maxClockSkewMs?: number;
}

/** Verifies access tokens without calling the user service. */
export class TokenVerifier {
  private readonly keys: JWTVerifyGetKey;

  constructor(private readonly options: TokenVerifierOptions) {
    if (options.jwks) this.keys = createLocalJWKSet(options.jwks);
    else if (options.jwksUrl) this.keys = createRemoteJWKSet(new URL(options.jwksUrl), { cooldownDuration: 30_000 });
    else throw new Error('TokenVerifier needs jwksUrl or jwks');
  }

  async verify(token: string): Promise<Principal> {
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, this.keys, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['EdDSA'] }));
    } catch (err) {
      throw new UnauthenticatedError(`invalid token: ${err instanceof Error ? err.message : 'unverifiable'}`);
    }
    const claims = tokenClaims.safeParse(payload);
    if (!claims.success) throw new UnauthenticatedError('invalid token: missing claims');
    const c = claims.data;
    // A token from the future would outlive every revocation made before that moment.
    if (c.iat_ms > Date.now() + (this.options.maxClockSkewMs ?? 30_000))
      throw new UnauthenticatedError('invalid token: issued in the future');
    const principal: Principal = {
      userId: c.sub,
      email: c.email,
      role: c.role,
      orgs: c.orgs,
      tokenId: c.jti,
      expiresAt: c.exp,
      issuedAtMs: c.iat_ms,
    };
    if (c.scope === 'portal') {
      // Whatever else the token says, a portal link holds one organization and no platform role.
      const [orgId, ...others] = Object.keys(c.orgs);
      if (!orgId || others.length > 0 || c.role !== 'user')
        throw new UnauthenticatedError('invalid token: a portal token names one organization');
      principal.portalOrg = orgId;
    }
    if (this.options.isRevoked && (await this.options.isRevoked(principal))) throw new UnauthenticatedError('token revoked: sign in again');
    return principal;
  }
}
