import { z } from 'zod';

export const ISSUER = 'ops-center';
export const AUDIENCE = 'ops-center';

/** The claims an access token must carry; a token missing one is refused, not half-trusted. */
export const tokenClaims = z.object({
  sub: z.string().min(1),
  jti: z.string().min(1),
  exp: z.number(),
  email: z.string(),
  role: z.enum(['admin', 'user']),
  /** Issue time to the millisecond (`iat` has seconds): a sign-in right after a sign-out is not revoked with it. */
  iat_ms: z.number(),
  orgs: z.record(z.string(), z.enum(['owner', 'admin', 'member'])),
  /** `portal`: a portal link's token, good for one organization and the routes marked @PortalRoute() only. */
  scope: z.literal('portal').optional(),
});
