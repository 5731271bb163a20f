import { z } from 'zod';
import { alertOperators, alertSeverities } from '../schema.js';

/** Heartbeat metric names: `cpu`, `memory`, `temperature`, `disk_free`... */
export const metricName = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'a metric name: lower case letters, digits and _, e.g. temperature');

export const createAlertRuleRequest = z.strictObject({
  org_id: z.string().min(1).max(100),
  name: z.string().trim().min(1).max(200),
  metric: metricName,
  operator: z.enum(alertOperators),
  threshold: z.number().finite(),
  severity: z.enum(alertSeverities).default('warning'),
});
export type CreateAlertRuleRequest = z.infer<typeof createAlertRuleRequest>;

export const alertRuleParams = z.strictObject({ ruleId: z.string().min(1).max(100) });
export const listAlertRulesQuery = z.strictObject({ org_id: z.string().min(1).max(100) });
