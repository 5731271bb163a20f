import { hash, verify } from '@node-rs/argon2';

/** argon2id with the library's defaults (19 MiB, 2 passes, OWASP's minimum), run off the event loop. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: 2 });
}

// Verifying against this when the email is unknown makes both failures take the same time.
const decoy = hash('decoy password that matches nothing', { algorithm: 2 });

export async function verifyPassword(passwordHash: string | undefined, password: string): Promise<boolean> {
  if (!passwordHash) {
    await verify(await decoy, password);
    return false;
  }
  return verify(passwordHash, password);
}
