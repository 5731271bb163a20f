import { Inject, Injectable } from '@nestjs/common';
import type { Database } from '@ops/db';
import { DATABASE } from '@ops/runtime';
import { and, eq, ne } from 'drizzle-orm';
import { memberRemoved, organizationEvents } from '../organization-events.js';
import { knownUsers, members } from '../schema.js';

/**
 * The users who can be added to an organization by email, as the user service's events tell them. Each change
 * is idempotent: a redelivered event changes nothing more.
 */
@Injectable()
export class KnownUsersService {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /** A user registered or changed their email: members' rows follow the new address. */
  async remember(userId: string, email: string): Promise<void> {
    await this.database.orm.transaction(async (tx) => {
      // An email once held by a user since deleted or renamed belongs to this one now.
      await tx.delete(knownUsers).where(and(eq(knownUsers.email, email), ne(knownUsers.id, userId)));
      await tx.insert(knownUsers).values({ id: userId, email }).onConflictDoUpdate({ target: knownUsers.id, set: { email } });
      await tx.update(members).set({ email }).where(eq(members.userId, userId));
    });
  }

  /** A user's account went: their memberships go too, each with `organization.member_removed`, as if they had left. */
  async forget(userId: string, deletedBy: string, deletedAt: Date): Promise<void> {
    await this.database.orm.transaction(async (tx) => {
      const gone = await tx.delete(members).where(eq(members.userId, userId)).returning();
      await organizationEvents.writeAll(
        tx,
        gone.map((member) => memberRemoved(member, deletedBy, deletedAt)),
      );
      await tx.delete(knownUsers).where(eq(knownUsers.id, userId));
    });
  }
}
