import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { EventEnvelope } from '@ops/events';
import { JETSTREAM } from '@ops/messaging';
import { SubscriptionsService } from './subscriptions.service.js';

/**
 * Which organization a subscription pays for, followed from the stream in order: a new organization is paid for by
 * its creator's subscription, whose billing events then carry its org_id, for as long as the creator belongs to it.
 * Every handler is idempotent.
 */
@Controller()
export class OrganizationsController {
  constructor(@Inject(SubscriptionsService) private readonly subscriptions: SubscriptionsService) {}

  @EventPattern<string>('organization.created', JETSTREAM)
  async created(@Payload() event: EventEnvelope<'organization.created'>): Promise<void> {
    await this.subscriptions.attachToOrganization(event.data.owner_id, event.data.organization_id);
  }

  @EventPattern<string>('organization.member_removed', JETSTREAM)
  async memberRemoved(@Payload() event: EventEnvelope<'organization.member_removed'>): Promise<void> {
    await this.subscriptions.detachMember(event.data.user_id, event.data.organization_id);
  }

  @EventPattern<string>('organization.deleted', JETSTREAM)
  async deleted(@Payload() event: EventEnvelope<'organization.deleted'>): Promise<void> {
    await this.subscriptions.detachFromOrganization(event.data.organization_id);
  }
}
