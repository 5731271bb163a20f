import { z } from 'zod';
import { defineEvent } from '../define-event.js';
import { id, isoTime } from '../fields.js';

const rule = {
  alert_id: id,
  rule_id: id,
  rule_name: z.string(),
  device_id: id,
  metric: z.string(),
  value: z.number(),
  threshold: z.number(),
};
const example = {
  alert_id: 'alr_0194b8a2c3d47e5f',
  rule_id: 'rul_0194b8a2c3d47e5f',
  rule_name: 'Overheating',
  device_id: 'dev_xyz789',
  metric: 'temperature',
};

export const monitoringEvents = [
  defineEvent({
    type: 'alert.triggered',
    domain: 'monitoring',
    description: 'An alert rule fired: it stays open until the metric recovers.',
    data: z.strictObject({ ...rule, severity: z.enum(['info', 'warning', 'critical']), triggered_at: isoTime }),
    example: { ...example, value: 86.5, threshold: 80, severity: 'critical', triggered_at: '2026-01-26T17:31:00.000Z' },
  }),
  defineEvent({
    type: 'alert.resolved',
    domain: 'monitoring',
    description: 'An open alert closed because its metric recovered.',
    data: z.strictObject({ ...rule, resolved_at: isoTime, duration_seconds: z.number().nonnegative() }),
    example: { ...example, value: 71.2, threshold: 80, resolved_at: '2026-01-26T17:41:00.000Z', duration_seconds: 600 },
  }),
] as const;
