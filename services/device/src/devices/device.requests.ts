import { z } from 'zod';

const name = z.string().trim().min(1).max(200);
const firmware = z.string().trim().min(1).max(100);

export const registerDeviceRequest = z.strictObject({
  org_id: z.string().min(1).max(100),
  device_name: name,
  hardware_id: z.string().trim().min(1).max(200),
  firmware_version: firmware,
});
export type RegisterDeviceRequest = z.infer<typeof registerDeviceRequest>;

export const updateDeviceRequest = z
  .strictObject({ device_name: name.optional(), firmware_version: firmware.optional() })
  .refine((r) => r.device_name !== undefined || r.firmware_version !== undefined, {
    message: 'give device_name or firmware_version: nothing to change',
  });
export type UpdateDeviceRequest = z.infer<typeof updateDeviceRequest>;

export const deviceParams = z.strictObject({ id: z.string().min(1).max(100) });

export const listDevicesQuery = z.strictObject({
  org_id: z.string().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  after: z.string().max(100).optional(),
});
export type ListDevicesQuery = z.infer<typeof listDevicesQuery>;
