import { HttpMemberships } from '@ops/auth';

/**
 * The organization service's answers about callers' roles, for a service configured with `orgRolesEnv`; none
 * without ORG_SERVICE_URL (roles then come from the token alone). Roles are cached ORG_ROLES_CACHE_MS; give the
 * result to `ServiceKit.open` as its `roleCache`, so that a membership change empties that user's at once.
 */
export function orgMemberships(config: { ORG_SERVICE_URL?: string; ORG_ROLES_CACHE_MS: number }): HttpMemberships | undefined {
  return config.ORG_SERVICE_URL ? new HttpMemberships({ url: config.ORG_SERVICE_URL, cacheMs: config.ORG_ROLES_CACHE_MS }) : undefined;
}
