import { z } from 'zod';
import { defineEvent } from '../define-event.js';
import { changedFields, id, isoTime } from '../fields.js';

const at = '2026-01-26T17:31:00.000Z';
const deviceStatus = z.enum(['online', 'offline', 'unknown']);
const statusChange = z.strictObject({
  device_id: id,
  device_name: z.string(),
  status: deviceStatus,
  previous_status: deviceStatus,
  timestamp: isoTime,
});

export const deviceEvents = [
  defineEvent({
    type: 'device.registered',
    domain: 'device',
    description: 'An edge device completed registration and received its credential.',
    data: z.strictObject({
      device_id: id,
      device_name: z.string(),
      hardware_id: z.string(),
      firmware_version: z.string(),
      registered_at: isoTime,
    }),
    example: {
      device_id: 'dev_xyz789',
      device_name: 'Sensor-01',
      hardware_id: 'hw-00:11:22:33:44:55',
      firmware_version: '1.4.2',
      registered_at: at,
    },
  }),
  defineEvent({
    type: 'device.online',
    domain: 'device',
    description: "A device's status changed to online (its first heartbeat after being offline).",
    data: statusChange,
    example: { device_id: 'dev_xyz789', device_name: 'Sensor-01', status: 'online', previous_status: 'offline', timestamp: at },
  }),
  defineEvent({
    type: 'device.offline',
    domain: 'device',
    description: 'A device went offline: reported by the device, or its heartbeats stopped.',
    data: statusChange,
    example: { device_id: 'dev_xyz789', device_name: 'Sensor-01', status: 'offline', previous_status: 'online', timestamp: at },
  }),
  defineEvent({
    type: 'device.updated',
    domain: 'device',
    description: "A device's name or firmware version changed.",
    data: z.strictObject({
      device_id: id,
      device_name: z.string(),
      firmware_version: z.string(),
      changes: changedFields,
      updated_at: isoTime,
    }),
    example: {
      device_id: 'dev_xyz789',
      device_name: 'Sensor-01b',
      firmware_version: '1.4.3',
      changes: ['firmware_version'],
      updated_at: at,
    },
  }),
  defineEvent({
    type: 'device.deleted',
    domain: 'device',
    description: 'A device was removed; its credential no longer works.',
    data: z.strictObject({ device_id: id, device_name: z.string(), deleted_by: z.string(), deleted_at: isoTime }),
    example: { device_id: 'dev_xyz789', device_name: 'Sensor-01', deleted_by: 'user@example.com', deleted_at: at },
  }),
  defineEvent({
    type: 'device.alert',
    domain: 'device',
    description: "A device's heartbeat metric crossed an alert rule's threshold.",
    data: z.strictObject({
      device_id: id,
      device_name: z.string(),
      alert_id: id,
      rule_id: id,
      metric: z.string(),
      value: z.number(),
      threshold: z.number(),
      severity: z.enum(['info', 'warning', 'critical']),
      message: z.string(),
      timestamp: isoTime,
    }),
    example: {
      device_id: 'dev_xyz789',
      device_name: 'Sensor-01',
      alert_id: 'alr_0194b8a2c3d47e5f',
      rule_id: 'rul_0194b8a2c3d47e5f',
      metric: 'temperature',
      value: 86.5,
      threshold: 80,
      severity: 'critical',
      message: 'temperature 86.5 > 80',
      timestamp: at,
    },
  }),
] as const;
