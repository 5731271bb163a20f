import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { EventEnvelope } from '@ops/events';
import { JETSTREAM } from '@ops/messaging';
import { SubscriptionsService } from './subscriptions.service.js';

/**
 * Follows users from the stream, in order (one at a time across replicas, so a deletion or a rename never overtakes
 * the registration before it): a registration opens a trial, a new address is copied, a deletion closes the
 * subscription. Every handler is idempotent: a redelivery (the ack comes after the transaction) changes nothing more.
 */
@Controller()
export class UsersController {
  constructor(@Inject(SubscriptionsService) private readonly subscriptions: SubscriptionsService) {}

  @EventPattern<string>('user.created', JETSTREAM)
  async created(@Payload() event: EventEnvelope<'user.created'>): Promise<void> {
    await this.subscriptions.openTrial({ userId: event.data.user_id, email: event.data.email });
  }

  @EventPattern<string>('user.updated', JETSTREAM)
  async updated(@Payload() event: EventEnvelope<'user.updated'>): Promise<void> {
    await this.subscriptions.followEmail(event.data.user_id, event.data.email);
  }

  @EventPattern<string>('user.deleted', JETSTREAM)
  async deleted(@Payload() event: EventEnvelope<'user.deleted'>): Promise<void> {
    await this.subscriptions.closeForDeletedUser(event.data.user_id, event.data.deleted_by);
  }
}
