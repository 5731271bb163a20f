import { isoTimestamp } from '@ops/http';
import { z } from 'zod';
import { alertOperators, alertSeverities, deviceStatuses } from './schema.js';

/* What the device API answers: the views are typed by these, @Returns documents them. */

export const deviceResponse = z
  .object({
    device_id: z.string(),
    org_id: z.string(),
    device_name: z.string(),
    hardware_id: z.string(),
    firmware_version: z.string(),
    status: z.enum(deviceStatuses),
    last_seen_at: isoTimestamp().nullable(),
    registered_at: isoTimestamp(),
    updated_at: isoTimestamp(),
  })
  .meta({ id: 'Device' });

/** The registration response: the only time the device's credential (`<device_id>.<secret>`) is shown. */
export const registeredDeviceResponse = deviceResponse.extend({ credential: z.string() }).meta({ id: 'RegisteredDevice' });

export const alertRuleResponse = z
  .object({
    rule_id: z.string(),
    org_id: z.string(),
    name: z.string(),
    metric: z.string(),
    operator: z.enum(alertOperators),
    threshold: z.number(),
    severity: z.enum(alertSeverities),
    created_at: isoTimestamp(),
  })
  .meta({ id: 'AlertRule' });

export const alertRulesResponse = z.object({ data: z.array(alertRuleResponse) });
