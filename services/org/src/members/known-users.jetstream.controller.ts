import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { EventEnvelope } from '@ops/events';
import { JETSTREAM } from '@ops/messaging';
import { KnownUsersService } from './known-users.service.js';

/**
 * Follows the user service's events to know who can be added by email, and to drop a deleted user's
 * memberships. Events are taken one at a time, in stream order, so a deletion never overtakes the creation
 * before it.
 */
@Controller()
export class KnownUsersController {
  constructor(@Inject(KnownUsersService) private readonly knownUsers: KnownUsersService) {}

  @EventPattern<string>('user.created', JETSTREAM)
  async created(@Payload() event: EventEnvelope<'user.created'>): Promise<void> {
    await this.knownUsers.remember(event.data.user_id, event.data.email);
  }

  @EventPattern<string>('user.updated', JETSTREAM)
  async updated(@Payload() event: EventEnvelope<'user.updated'>): Promise<void> {
    await this.knownUsers.remember(event.data.user_id, event.data.email);
  }

  @EventPattern<string>('user.deleted', JETSTREAM)
  async deleted(@Payload() event: EventEnvelope<'user.deleted'>): Promise<void> {
    await this.knownUsers.forget(event.data.user_id, event.data.deleted_by, new Date(event.data.deleted_at));
  }
}
