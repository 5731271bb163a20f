import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { Database } from '@ops/db';
import type { EventEnvelope } from '@ops/events';
import { JETSTREAM } from '@ops/messaging';
import { DATABASE } from '@ops/runtime';
import { eq } from 'drizzle-orm';
import { deviceEvents } from '../device-events.js';
import { Presence } from '../heartbeats/presence.js';
import { alertRules, devices } from '../schema.js';

/**
 * When an organization is deleted, so are its devices (each with `device.deleted`, by whoever deleted the
 * organization) and its alert rules: their credentials stop working. In one transaction, so a redelivered
 * event finds nothing left to do.
 */
@Controller()
export class DeletedOrganizationsController {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(Presence) private readonly presence: Presence,
  ) {}

  @EventPattern<string>('organization.deleted', JETSTREAM)
  async deleted(@Payload() event: EventEnvelope<'organization.deleted'>): Promise<void> {
    const orgId = event.data.organization_id;
    const now = new Date();
    const gone = await this.database.orm.transaction(async (tx) => {
      const rows = await tx.delete(devices).where(eq(devices.orgId, orgId)).returning();
      for (const d of rows) {
        await deviceEvents.write(tx, { type: 'device.deleted', orgId, time: now, data: { device_id: d.id, device_name: d.deviceName, deleted_by: event.data.deleted_by, deleted_at: now.toISOString() } });
      }
      await tx.delete(alertRules).where(eq(alertRules.orgId, orgId));
      return rows;
    });
    for (const d of gone) this.presence.forget(d.id);
  }
}
