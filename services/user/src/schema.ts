import { outboxTable } from '@ops/outbox';
import { pgSchema, text, timestamp } from 'drizzle-orm/pg-core';

/** The user service owns the `users` schema; no other service reads it. */
export const usersSchema = pgSchema('users');

export const users = usersSchema.table('users', {
  id: text('id').primaryKey(),
  /** Stored lower-cased: `A@x.io` and `a@x.io` are one account. */
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  passwordHash: text('password_hash').notNull(),
  role: text('role', { enum: ['user', 'admin'] }).notNull().default('user'),
  status: text('status', { enum: ['active', 'suspended'] }).notNull().default('active'),
  subscriptionTier: text('subscription_tier').notNull().default('trial'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
});

export type UserRow = typeof users.$inferSelect;

export const outbox = outboxTable(usersSchema);
