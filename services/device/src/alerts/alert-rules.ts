import type { Database } from '@ops/db';
import type { Clock } from '@ops/runtime';
import { eq } from 'drizzle-orm';
import { alertRules, type AlertRuleRow } from '../schema.js';

/** Each organization's rules, cached per process so that a heartbeat does not query them. */
export class AlertRules {
  private readonly byOrg = new Map<string, { rules: Promise<AlertRuleRow[]>; loadedAt: number }>();

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly cacheMs: number,
  ) {}

  of(orgId: string): Promise<AlertRuleRow[]> {
    const now = this.clock.now().getTime();
    const hit = this.byOrg.get(orgId);
    if (hit && now - hit.loadedAt < this.cacheMs) return hit.rules;
    const rules = this.database.orm.select().from(alertRules).where(eq(alertRules.orgId, orgId));
    this.byOrg.set(orgId, { rules, loadedAt: now });
    rules.catch(() => this.byOrg.delete(orgId));
    return rules;
  }

  /** After a rule of the organization changed here (other replicas see it within the cache time). */
  forget(orgId: string): void {
    this.byOrg.delete(orgId);
  }
}

export function breaks(rule: Pick<AlertRuleRow, 'operator' | 'threshold'>, value: number): boolean {
  switch (rule.operator) {
    case 'gt':
      return value > rule.threshold;
    case 'gte':
      return value >= rule.threshold;
    case 'lt':
      return value < rule.threshold;
    case 'lte':
      return value <= rule.threshold;
  }
}

export const symbolOf = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;
