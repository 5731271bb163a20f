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
  constructor(private readonly key: SigningKey, private readonly ttlSeconds: number) {}

  async issue(subject: TokenSubject): Promise<IssuedToken> {
    const tokenId = randomUUID();
    const issuedAtMs = Date.now();
    const accessToken = await new SignJWT({ email: subject.email, role: subject.role, orgs: subject.orgs, iat_ms: issuedAtMs })
      .setProtectedHeader({ alg: 'EdDSA', kid: this.key.kid, typ: 'JWT' })
      .setSubject(subject.userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setJti(tokenId)
      .setIssuedAt(Math.floor(issuedAtMs / 1000))
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.key.privateKey);
    return { accessToken, tokenId, expiresInSeconds: this.ttlSeconds, issuedAtMs };
  }

  /** The public half, served at `/.well-known/jwks.json`. */
  async jwks(): Promise<{ keys: JWK[] }> {
    const jwk = await exportJWK(this.key.publicKey);
    return { keys: [{ ...jwk, kid: this.key.kid, alg: 'EdDSA', use: 'sig' }] };
  }
}
