import { isoTimestamp } from '@ops/http';
import { z } from 'zod';

/* What the user API answers: the views are typed by these, @Returns documents them. */

export const userResponse = z
  .object({
    user_id: z.string(),
    email: z.string(),
    name: z.string(),
    avatar_url: z.string().nullable(),
    email_verified: z.boolean(),
    role: z.enum(['user', 'admin']),
    status: z.enum(['active', 'suspended']),
    subscription_tier: z.string(),
    created_at: isoTimestamp(),
    last_login_at: isoTimestamp().nullable(),
  })
  .meta({ id: 'User' });

/** A signed-in session: the access token and who it is for. */
export const sessionResponse = z
  .object({
    access_token: z.string(),
    token_type: z.literal('Bearer'),
    /** Seconds. */
    expires_in: z.number().int(),
    user: userResponse,
  })
  .meta({ id: 'Session' });

/** A portal link: `path` opens the console on the organization, the token in its fragment. */
export const portalLinkResponse = z
  .object({
    org_id: z.string(),
    token: z.string(),
    path: z.string(),
    expires_at: isoTimestamp(),
  })
  .meta({ id: 'PortalLink' });

export const verificationSentResponse = z.object({ sent: z.literal(true) });

/** The public keys access tokens are signed with (RFC 7517). */
export const jwksResponse = z.object({ keys: z.array(z.looseObject({ kty: z.string(), kid: z.string().optional() })) });
