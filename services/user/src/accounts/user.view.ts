import type { z } from 'zod';
import type { userResponse } from '../user.responses.js';
import type { UserRow } from '../schema.js';

/** A user as the API shows it: never the password hash. */
export function userView(user: UserRow): z.infer<typeof userResponse> {
  return {
    user_id: user.id,
    email: user.email,
    name: user.name,
    avatar_url: user.avatarUrl,
    email_verified: user.emailVerifiedAt !== null,
    role: user.role,
    status: user.status,
    subscription_tier: user.subscriptionTier,
    created_at: user.createdAt.toISOString(),
    last_login_at: user.lastLoginAt?.toISOString() ?? null,
  };
}
