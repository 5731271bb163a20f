import { loadConfig, runtimeEnv } from '@ops/runtime';
import { z } from 'zod';

export const userEnv = {
  ...runtimeEnv,
  /** HTTP port. */
  USER_PORT: z.coerce.number().int().min(0).max(65535).default(8081),
  HOST: z.string().default('127.0.0.1'),
  /** Ed25519 private key (PKCS#8 PEM) that signs access tokens. Unset: read or create JWT_KEY_FILE. */
  JWT_PRIVATE_KEY: z.string().optional(),
  /** Default `<DATA_DIR>/jwt-ed25519.pem`. */
  JWT_KEY_FILE: z.string().optional(),
  /** Access token lifetime. Default 1 hour. */
  ACCESS_TOKEN_TTL_S: z.coerce.number().int().min(60).default(3600),
  /** Both set: a platform administrator with these credentials exists after start. */
  ADMIN_EMAIL: z.email().optional(),
  ADMIN_PASSWORD: z.string().min(8).optional(),
};

export type UserConfig = ReturnType<typeof loadUserConfig>;

export function loadUserConfig(env: Record<string, string | undefined> = process.env) {
  return loadConfig(userEnv, env);
}
