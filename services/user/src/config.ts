import { perWindow, publicRoutesEnv } from '@ops/rate-limits';
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
  /** Both set: a platform administrator with these credentials exists after start. */
  ADMIN_EMAIL: z.email().optional(),
  ADMIN_PASSWORD: z.string().min(8).optional(),
  /** Where email goes (verification links): `smtp://user:pass@host:587`. Unset: written to the log instead. */
  SMTP_URL: z.url().optional(),
  /** The sender of those emails. */
  SMTP_FROM: z.string().default('Ops Center <no-reply@localhost>'),
  /** How long an email verification token is good for. Default 24 hours. */
  EMAIL_VERIFICATION_TTL_S: z.coerce.number().int().min(60).default(86_400),
  /**
   * Failed logins for one account from one address within LOGIN_WINDOW_S before that pair gets 429: counted per
   * pair, so that nobody can lock someone else out of their account by failing on purpose.
   */
  LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS: z.coerce.number().int().min(1).default(5),
  /** Failed logins from one address (any accounts) within LOGIN_WINDOW_S before 429. */
  LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(20),
  LOGIN_WINDOW_S: z.coerce.number().int().min(1).default(900),
  /** The organization service, asked (with the caller's token) whether a caller owns the organization of a portal link. */
  ORG_SERVICE_URL: z.url().optional(),
  /** How long a portal link (POST /auth/portal-links) works, in seconds: 1 minute to 1 hour. Default 15 minutes. */
  PORTAL_LINK_TTL_S: z.coerce.number().int().min(60).max(3_600).default(900),
  ...publicRoutesEnv,
  /** Registrations from one address per RATE_LIMIT_WINDOW_S. */
  REGISTER_RATE_LIMIT: perWindow(5),
  /** Sign-in requests (right or wrong) from one address per RATE_LIMIT_WINDOW_S. */
  LOGIN_RATE_LIMIT: perWindow(30),
  /** Email verification attempts from one address per RATE_LIMIT_WINDOW_S. */
  VERIFY_EMAIL_RATE_LIMIT: perWindow(20),
};

export type UserConfig = ReturnType<typeof loadUserConfig>;

export function loadUserConfig(env: Record<string, string | undefined> = process.env) {
  return loadConfig(userEnv, env);
}
