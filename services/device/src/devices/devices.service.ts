import { Inject, Injectable } from '@nestjs/common';
import { canManageOrg, canReadOrg, orgScope, type Principal } from '@ops/auth';
import type { Database } from '@ops/db';
import { newId } from '@ops/events';
import { ConflictError, ForbiddenError, NotFoundError } from '@ops/http';
import { DATABASE, type Clock } from '@ops/runtime';
import { and, asc, eq, gt } from 'drizzle-orm';
import { deviceEvents } from '../device-events.js';
import { alertRules, devices, type DeviceRow } from '../schema.js';
import { Presence } from '../heartbeats/presence.js';
import { hashSecret, newDeviceSecret } from './device-credential.js';
import type { ListDevicesQuery, RegisterDeviceRequest, UpdateDeviceRequest } from './device.requests.js';

export const CLOCK = Symbol('CLOCK');

/**
 * Devices of organizations: owners and admins register, change and delete them; members see them.
 * A device the caller may not see answers 404.
 */
@Injectable()
export class DevicesService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(Presence) private readonly presence: Presence,
  ) {}

  /** Registers the device and returns its credential, to be shown this once. */
  async register(principal: Principal, input: RegisterDeviceRequest): Promise<{ device: DeviceRow; credential: string }> {
    if (!canManageOrg(principal, input.org_id)) throw new ForbiddenError(`you may not manage the devices of organization ${input.org_id}`);
    const now = this.clock.now();
    const secret = newDeviceSecret();
    return this.database.orm.transaction(async (tx) => {
      const [device] = await tx
        .insert(devices)
        .values({
          id: newId('dev'),
          orgId: input.org_id,
          deviceName: input.device_name,
          hardwareId: input.hardware_id,
          firmwareVersion: input.firmware_version,
          credentialHash: hashSecret(secret),
          createdBy: principal.userId,
          registeredAt: now,
          updatedAt: now,
        })
        .onConflictDoNothing({ target: [devices.orgId, devices.hardwareId] })
        .returning();
      // Only the caller's own organization is looked at: another's hardware ids are neither taken nor told.
      if (!device) throw new ConflictError(`hardware_id: ${input.hardware_id} is already registered in organization ${input.org_id}`);
      await deviceEvents.write(tx, {
        type: 'device.registered',
        orgId: device.orgId,
        time: now,
        data: {
          device_id: device.id,
          device_name: device.deviceName,
          hardware_id: device.hardwareId,
          firmware_version: device.firmwareVersion,
          registered_at: now.toISOString(),
        },
      });
      return { device, credential: `${device.id}.${secret}` };
    });
  }

  list(principal: Principal, query: ListDevicesQuery): Promise<DeviceRow[]> {
    const conditions = [orgScope(principal, devices.orgId)];
    if (query.org_id) conditions.push(eq(devices.orgId, query.org_id));
    if (query.after) conditions.push(gt(devices.id, query.after));
    return this.database.orm
      .select()
      .from(devices)
      .where(and(...conditions))
      .orderBy(asc(devices.id))
      .limit(query.limit);
  }

  async get(principal: Principal, id: string): Promise<DeviceRow> {
    const [row] = await this.database.orm.select().from(devices).where(eq(devices.id, id));
    if (!row || !canReadOrg(principal, row.orgId)) throw new NotFoundError(`device ${id}`);
    return row;
  }

  async update(principal: Principal, id: string, input: UpdateDeviceRequest): Promise<DeviceRow> {
    const current = await this.manageable(principal, id);
    const changes = [
      ...(input.device_name !== undefined && input.device_name !== current.deviceName ? ['device_name'] : []),
      ...(input.firmware_version !== undefined && input.firmware_version !== current.firmwareVersion ? ['firmware_version'] : []),
    ];
    if (changes.length === 0) return current;
    const now = this.clock.now();
    return this.database.orm.transaction(async (tx) => {
      const [row] = await tx
        .update(devices)
        .set({
          ...(input.device_name && { deviceName: input.device_name }),
          ...(input.firmware_version && { firmwareVersion: input.firmware_version }),
          updatedAt: now,
        })
        .where(eq(devices.id, id))
        .returning();
      if (!row) throw new NotFoundError(`device ${id}`);
      await deviceEvents.write(tx, {
        type: 'device.updated',
        orgId: row.orgId,
        time: now,
        data: {
          device_id: row.id,
          device_name: row.deviceName,
          firmware_version: row.firmwareVersion,
          changes,
          updated_at: now.toISOString(),
        },
      });
      return row;
    });
  }

  async delete(principal: Principal, id: string): Promise<void> {
    const current = await this.manageable(principal, id);
    const now = this.clock.now();
    await this.database.orm.transaction(async (tx) => {
      const gone = await tx.delete(devices).where(eq(devices.id, id)).returning({ id: devices.id });
      if (gone.length === 0) throw new NotFoundError(`device ${id}`);
      await deviceEvents.write(tx, {
        type: 'device.deleted',
        orgId: current.orgId,
        time: now,
        data: { device_id: id, device_name: current.deviceName, deleted_by: principal.email, deleted_at: now.toISOString() },
      });
    });
    this.presence.forget(id);
  }

  private async manageable(principal: Principal, id: string): Promise<DeviceRow> {
    const row = await this.get(principal, id);
    if (!canManageOrg(principal, row.orgId)) throw new ForbiddenError(`you may read but not change device ${id}`);
    return row;
  }

  /**
   * An organization was deleted: so are its devices (each with `device.deleted`, by whoever deleted the
   * organization) and its alert rules, so their credentials stop working. In one transaction, so a redelivered
   * event finds nothing left to do.
   */
  async removeOrganization(orgId: string, deletedBy: string): Promise<void> {
    const now = new Date();
    const gone = await this.database.orm.transaction(async (tx) => {
      const rows = await tx.delete(devices).where(eq(devices.orgId, orgId)).returning();
      await deviceEvents.writeAll(
        tx,
        rows.map((d) => ({
          type: 'device.deleted' as const,
          orgId,
          time: now,
          data: { device_id: d.id, device_name: d.deviceName, deleted_by: deletedBy, deleted_at: now.toISOString() },
        })),
      );
      await tx.delete(alertRules).where(eq(alertRules.orgId, orgId));
      return rows;
    });
    for (const d of gone) this.presence.forget(d.id);
  }
}
