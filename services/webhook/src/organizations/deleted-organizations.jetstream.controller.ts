import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { Database } from '@ops/db';
import type { EventEnvelope } from '@ops/events';
import { JETSTREAM } from '@ops/messaging';
import { DATABASE } from '@ops/runtime';
import { and, eq } from 'drizzle-orm';
import { disableEndpoint } from '../endpoints/endpoints.service.js';
import { endpoints } from '../schema.js';

/**
 * When an organization is deleted, its endpoints are turned off, with the reason, and each says so with a
 * `webhook.endpoint.disabled` event; they are kept (with their delivery log) for a platform admin to read or
 * delete. Idempotent: a redelivered event finds them already off.
 */
@Controller()
export class DeletedOrganizationsController {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  @EventPattern<string>('organization.deleted', JETSTREAM)
  async deleted(@Payload() event: EventEnvelope<'organization.deleted'>): Promise<void> {
    const orgId = event.data.organization_id;
    const active = await this.database.orm.select({ id: endpoints.id }).from(endpoints).where(and(eq(endpoints.orgId, orgId), eq(endpoints.active, true)));
    for (const { id } of active) await disableEndpoint(this.database, id, `organization ${orgId} was deleted`);
  }
}
