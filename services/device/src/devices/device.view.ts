import type { z } from 'zod';
import type { deviceResponse } from '../device.responses.js';
import type { DeviceRow } from '../schema.js';

export function deviceView(row: DeviceRow): z.infer<typeof deviceResponse> {
  return {
    device_id: row.id,
    org_id: row.orgId,
    device_name: row.deviceName,
    hardware_id: row.hardwareId,
    firmware_version: row.firmwareVersion,
    status: row.status,
    last_seen_at: row.lastSeenAt?.toISOString() ?? null,
    registered_at: row.registeredAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}
