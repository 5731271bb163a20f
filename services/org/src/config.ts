import { perWindow } from '@ops/rate-limits';
import { loadConfig, runtimeEnv } from '@ops/runtime';
import { z } from 'zod';

export const orgEnv = {
  ...runtimeEnv,
  ORG_PORT: z.coerce.number().int().min(0).max(65535).default(8085),
  HOST: z.string().default('127.0.0.1'),
  /** Where the user service publishes its token keys. */
  JWKS_URL: z.url().default('http://127.0.0.1:8081/.well-known/jwks.json'),
  /**
   * Members one user may add by email per MEMBER_ADD_WINDOW_S, across organizations. Adding answers 404 for an
   * email nobody registered: this bounds how many addresses anyone can test that way (docs/api.md).
   */
  MEMBER_ADD_RATE_LIMIT: perWindow(60),
  MEMBER_ADD_WINDOW_S: z.coerce.number().int().min(1).default(3600),
};

export type OrgConfig = ReturnType<typeof loadOrgConfig>;

export function loadOrgConfig(env: Record<string, string | undefined> = process.env) {
  return loadConfig(orgEnv, env);
}
