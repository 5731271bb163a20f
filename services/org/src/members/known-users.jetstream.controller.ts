import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { Database } from '@ops/db';
import type { EventEnvelope } from '@ops/events';
import { JETSTREAM } from '@ops/messaging';
import { DATABASE } from '@ops/runtime';
import { and, eq, ne } from 'drizzle-orm';
import { memberRemoved, organizationEvents } from '../organization-events.js';
import { knownUsers, members } from '../schema.js';

/**
 * Follows the user service's events to know who can be added by email, and to drop a deleted user's
 * memberships (`organization.member_removed` for each, as if they had left). Each handler is idempotent (a redelivered event changes nothing more); events are taken
 * one at a time, in stream order, so a deletion never overtakes the creation before it.
 */
@Controller()
export class KnownUsersController {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  @EventPattern<string>('user.created', JETSTREAM)
  async created(@Payload() event: EventEnvelope<'user.created'>): Promise<void> {
    await this.remember(event.data.user_id, event.data.email);
  }

  @EventPattern<string>('user.updated', JETSTREAM)
  async updated(@Payload() event: EventEnvelope<'user.updated'>): Promise<void> {
    await this.remember(event.data.user_id, event.data.email);
  }

  @EventPattern<string>('user.deleted', JETSTREAM)
  async deleted(@Payload() event: EventEnvelope<'user.deleted'>): Promise<void> {
    await this.database.orm.transaction(async (tx) => {
      const gone = await tx.delete(members).where(eq(members.userId, event.data.user_id)).returning();
      for (const member of gone) await organizationEvents.write(tx, memberRemoved(member, event.data.deleted_by, new Date(event.data.deleted_at)));
      await tx.delete(knownUsers).where(eq(knownUsers.id, event.data.user_id));
    });
  }

  private async remember(userId: string, email: string): Promise<void> {
    await this.database.orm.transaction(async (tx) => {
      // An email once held by a user since deleted or renamed belongs to this one now.
      await tx.delete(knownUsers).where(and(eq(knownUsers.email, email), ne(knownUsers.id, userId)));
      await tx.insert(knownUsers).values({ id: userId, email }).onConflictDoUpdate({ target: knownUsers.id, set: { email } });
      await tx.update(members).set({ email }).where(eq(members.userId, userId));
    });
  }
}
