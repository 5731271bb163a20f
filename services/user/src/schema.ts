import { outboxTable } from '@ops/outbox';
import { bigserial, index, pgSchema, text, timestamp } from 'drizzle-orm/pg-core';

/** The user service owns the `users` schema; no other service reads it. */
export const usersSchema = pgSchema('users');

export const users = usersSchema.table('users', {
  id: text('id').primaryKey(),
  /** Stored lower-cased: `A@x.io` and `a@x.io` are one account. */
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  passwordHash: text('password_hash').notNull(),
  role: text('role', { enum: ['user', 'admin'] })
    .notNull()
    .default('user'),
  status: text('status', { enum: ['active', 'suspended'] })
    .notNull()
    .default('active'),
  subscriptionTier: text('subscription_tier').notNull().default('trial'),
  avatarUrl: text('avatar_url'),
  emailVerifiedAt: timestamp('email_verified_at', { withTimezone: true }),
  /** Tokens issued at or before this are refused (sign-out, password change, an administrator's change). */
  tokensRevokedAt: timestamp('tokens_revoked_at', { withTimezone: true, precision: 3 }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
});

/** Outstanding email verifications; only a hash of the token is kept, so a database leak verifies nothing. */
export const emailVerifications = usersSchema.table('email_verifications', {
  tokenHash: text('token_hash').primaryKey(),
  userId: text('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  email: text('email').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

/** Failed sign-ins, counted per account and per address over a sliding window; shared by every replica. */
export const loginFailures = usersSchema.table(
  'login_failures',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    email: text('email').notNull(),
    address: text('address').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('login_failures_email_idx').on(t.email, t.at), index('login_failures_address_idx').on(t.address, t.at)],
);

export type UserRow = typeof users.$inferSelect;

export const outbox = outboxTable(usersSchema);
