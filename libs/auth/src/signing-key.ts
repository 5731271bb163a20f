import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** Key id in the JWKS and in each token's header; derived from the public key, so it is stable. */
  kid: string;
}

/**
 * The Ed25519 key that signs access tokens. From a PEM (production: JWT_PRIVATE_KEY), else from a file,
 * which is created on first use so that a local platform keeps its tokens valid across restarts.
 */
export function loadSigningKey(source: { pem?: string; file: string }): SigningKey {
  let pem = source.pem;
  if (!pem) {
    if (!existsSync(source.file)) {
      const { privateKey } = generateKeyPairSync('ed25519');
      mkdirSync(dirname(source.file), { recursive: true });
      writeFileSync(source.file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    }
    pem = readFileSync(source.file, 'utf8');
  }
  const privateKey = createPrivateKey(pem);
  const publicKey = createPublicKey(privateKey);
  const raw = publicKey.export({ format: 'jwk' }).x as string;
  return { privateKey, publicKey, kid: raw.slice(0, 16) };
}
