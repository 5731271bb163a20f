import { outboxTable } from '@ops/outbox';
import { index, pgSchema, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** The organization service owns the `orgs` schema; other services ask it for memberships over HTTP. */
export const orgsSchema = pgSchema('orgs');

export const organizations = orgsSchema.table('organizations', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  planTier: text('plan_tier').notNull(),
  /** The user who created it: its first owner. */
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

export const memberRoles = ['owner', 'admin', 'member'] as const;
export type MemberRole = (typeof memberRoles)[number];

/** Who belongs to an organization, and as what: owners and admins manage its resources, members read them. */
export const members = orgsSchema.table(
  'members',
  {
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull(),
    /** As the user's token said when they were added or last acted: shown in events and lists. */
    email: text('email').notNull(),
    role: text('role', { enum: memberRoles }).notNull(),
    addedBy: text('added_by').notNull(),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.userId] }), index('members_user_idx').on(t.userId)],
);

/**
 * The users this service has heard of (from user.created, user.updated, user.deleted on the stream), so that a
 * member can be added by email and a deleted user's memberships go with them.
 */
export const knownUsers = orgsSchema.table('known_users', {
  id: text('id').primaryKey(),
  email: text('email').notNull().unique(),
});

export type OrganizationRow = typeof organizations.$inferSelect;
export type MemberRow = typeof members.$inferSelect;

export const outbox = outboxTable(orgsSchema);
