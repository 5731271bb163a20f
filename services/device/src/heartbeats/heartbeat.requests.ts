import { z } from 'zod';
import { metricName } from '../alerts/alert-rule.requests.js';

export const heartbeatRequest = z.strictObject({
  /** What the device says of itself; left out, a heartbeat means online. */
  status: z.enum(['online', 'offline']).optional(),
  /** Readings such as cpu, memory, temperature: numbers, at most 50. */
  metrics: z
    .record(metricName, z.number().finite())
    .refine((m) => Object.keys(m).length <= 50, 'at most 50 metrics')
    .optional(),
});
export type HeartbeatRequest = z.infer<typeof heartbeatRequest>;
