import { generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { loadSigningKey } from './signing-key.js';
import { AUDIENCE, ISSUER } from './token-claims.js';
import { TokenIssuer } from './token-issuer.js';
import { TokenVerifier } from './token-verifier.js';

const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const key = loadSigningKey({ pem, file: '' });

/** A token signed with the real key whose `iat_ms` is chosen. */
function tokenIssuedAt(iatMs: number) {
  return new SignJWT({ email: 'a@example.com', role: 'user', orgs: {}, iat_ms: iatMs })
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'JWT' })
    .setSubject('usr_a')
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setJti('t1')
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(key.privateKey);
}

describe('TokenVerifier', () => {
  it('accepts a token issued now or within the clock skew, refuses one from further in the future', async () => {
    const verifier = new TokenVerifier({ jwks: await new TokenIssuer(key, 3600).jwks(), maxClockSkewMs: 30_000 });
    await expect(verifier.verify(await tokenIssuedAt(Date.now()))).resolves.toMatchObject({ userId: 'usr_a' });
    await expect(verifier.verify(await tokenIssuedAt(Date.now() + 20_000))).resolves.toMatchObject({ userId: 'usr_a' });
    await expect(verifier.verify(await tokenIssuedAt(Date.now() + 10 * 365 * 24 * 3600_000))).rejects.toMatchObject({
      code: 'OPS_ERR_UNAUTHENTICATED',
      message: 'invalid token: issued in the future',
    });
  });
});
