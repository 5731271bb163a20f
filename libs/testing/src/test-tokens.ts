import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { loadSigningKey, TokenIssuer, TokenVerifier, type OrgRole } from '@ops/auth';

/**
 * Tokens for testing a service that only verifies them (the webhook service): a key of the test's own,
 * an issuer to mint admins and organization members, and the verifier to hand to the service.
 */
export class TestTokens {
  private constructor(
    readonly issuer: TokenIssuer,
    readonly verifier: TokenVerifier,
  ) {}

  static async create(): Promise<TestTokens> {
    const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const issuer = new TokenIssuer(loadSigningKey({ pem, file: '' }), 3600);
    return new TestTokens(issuer, new TokenVerifier({ jwks: await issuer.jwks() }));
  }

  async admin(): Promise<string> {
    return this.token('admin', {});
  }

  async user(orgs: Record<string, OrgRole> = {}): Promise<string> {
    return this.token('user', orgs);
  }

  /** A token for a given user (the organization service's tests need users it has heard of). */
  async tokenFor(user: { userId: string; email: string }, role: 'admin' | 'user' = 'user'): Promise<string> {
    return (await this.issuer.issue({ userId: user.userId, email: user.email, role, orgs: {} })).accessToken;
  }

  private async token(role: 'admin' | 'user', orgs: Record<string, OrgRole>): Promise<string> {
    const id = randomUUID().slice(0, 8);
    return (await this.issuer.issue({ userId: `usr_${id}`, email: `${id}@example.com`, role, orgs })).accessToken;
  }
}
