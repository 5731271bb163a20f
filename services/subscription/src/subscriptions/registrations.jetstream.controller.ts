import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { EventEnvelope } from '@ops/events';
import { JETSTREAM } from '@ops/messaging';
import { SubscriptionsService } from './subscriptions.service.js';

/**
 * The service's choreography: a registration opens a trial; a new organization is paid for by its creator's
 * subscription, whose billing events then carry its org_id. Every handler is idempotent, so a redelivery
 * (the message is acked only after the handler's transaction) changes nothing more.
 */
@Controller()
export class RegistrationsController {
  constructor(@Inject(SubscriptionsService) private readonly subscriptions: SubscriptionsService) {}

  @EventPattern<string>('user.created', JETSTREAM)
  async userCreated(@Payload() event: EventEnvelope<'user.created'>): Promise<void> {
    await this.subscriptions.openTrial({ userId: event.data.user_id, email: event.data.email });
  }

  @EventPattern<string>('organization.created', JETSTREAM)
  async organizationCreated(@Payload() event: EventEnvelope<'organization.created'>): Promise<void> {
    await this.subscriptions.attachToOrganization(event.data.owner, event.data.organization_id);
  }

  @EventPattern<string>('organization.deleted', JETSTREAM)
  async organizationDeleted(@Payload() event: EventEnvelope<'organization.deleted'>): Promise<void> {
    await this.subscriptions.detachFromOrganization(event.data.organization_id);
  }
}
