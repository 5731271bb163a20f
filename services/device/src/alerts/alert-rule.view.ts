import type { z } from 'zod';
import type { alertRuleResponse } from '../device.responses.js';
import type { AlertRuleRow } from '../schema.js';

export function alertRuleView(row: AlertRuleRow): z.infer<typeof alertRuleResponse> {
  return {
    rule_id: row.id,
    org_id: row.orgId,
    name: row.name,
    metric: row.metric,
    operator: row.operator,
    threshold: row.threshold,
    severity: row.severity,
    created_at: row.createdAt.toISOString(),
  };
}
