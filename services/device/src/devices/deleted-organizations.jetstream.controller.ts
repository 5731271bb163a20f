import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { EventEnvelope } from '@ops/events';
import { JETSTREAM } from '@ops/messaging';
import { DevicesService } from './devices.service.js';

/** When an organization is deleted, so are its devices and alert rules (DevicesService.removeOrganization). */
@Controller()
export class DeletedOrganizationsController {
  constructor(@Inject(DevicesService) private readonly devices: DevicesService) {}

  @EventPattern<string>('organization.deleted', JETSTREAM)
  async deleted(@Payload() event: EventEnvelope<'organization.deleted'>): Promise<void> {
    await this.devices.removeOrganization(event.data.organization_id, event.data.deleted_by);
  }
}
