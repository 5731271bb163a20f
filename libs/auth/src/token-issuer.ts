import { randomUUID } from 'node:crypto';
import { exportJWK, SignJWT, type JWK } from 'jose';
import type { OrgRole } from './principal.js';
import type { SigningKey } from './signing-key.js';
import { AUDIENCE, ISSUER } from './token-claims.js';

export interface TokenSubject {
  userId: string;
  email: string;
  role: 'admin' | 'user';
  orgs: Record<string, OrgRole>;
}

export interface IssuedToken {
  accessToken: string;
  tokenId: string;
  expiresInSeconds: number;
  issuedAtMs: number;
}

/** Signs access tokens (EdDSA). Only the user service holds the private key; everyone else verifies with the JWKS. */
export class TokenIssuer {
  constructor(
    private readonly key: SigningKey,
    private readonly ttlSeconds: number,
  ) {}

  async issue(subject: TokenSubject): Promise<IssuedToken> {
    return this.sign({ email: subject.email, role: subject.role, orgs: subject.orgs }, subject.userId, this.ttlSeconds);
  }

  /**
   * A portal link's token: it opens one organization's webhooks to whoever holds it, as an administrator of that
   * organization and nothing more (never a platform admin, whoever minted it), for `ttlSeconds`. Its subject stays
   * the person who minted it, so that their sign-out ends it too.
   */
  async issuePortal(subject: Pick<TokenSubject, 'userId' | 'email'>, orgId: string, ttlSeconds: number): Promise<IssuedToken> {
    return this.sign({ email: subject.email, role: 'user', orgs: { [orgId]: 'admin' }, scope: 'portal' }, subject.userId, ttlSeconds);
  }

  private async sign(claims: Record<string, unknown>, userId: string, ttlSeconds: number): Promise<IssuedToken> {
    const tokenId = randomUUID();
    const issuedAtMs = Date.now();
    const accessToken = await new SignJWT({ ...claims, iat_ms: issuedAtMs })
      .setProtectedHeader({ alg: 'EdDSA', kid: this.key.kid, typ: 'JWT' })
      .setSubject(userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setJti(tokenId)
      .setIssuedAt(Math.floor(issuedAtMs / 1000))
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(this.key.privateKey);
    return { accessToken, tokenId, expiresInSeconds: ttlSeconds, issuedAtMs };
  }

  /** The public half, served at `/.well-known/jwks.json`. */
  async jwks(): Promise<{ keys: JWK[] }> {
    const jwk = await exportJWK(this.key.publicKey);
    return { keys: [{ ...jwk, kid: this.key.kid, alg: 'EdDSA', use: 'sig' }] };
  }
}
