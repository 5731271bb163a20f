import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { EventEnvelope } from '@ops/events';
import { JETSTREAM } from '@ops/messaging';
import { EndpointsService } from '../endpoints/endpoints.service.js';

/** When an organization is deleted, its endpoints are turned off and kept (EndpointsService.disableAllOf). */
@Controller()
export class DeletedOrganizationsController {
  constructor(@Inject(EndpointsService) private readonly endpoints: EndpointsService) {}

  @EventPattern<string>('organization.deleted', JETSTREAM)
  async deleted(@Payload() event: EventEnvelope<'organization.deleted'>): Promise<void> {
    await this.endpoints.disableAllOf(event.data.organization_id);
  }
}
