import { Inject, Injectable } from '@nestjs/common';
import { canManageOrg, canReadOrg, type Principal } from '@ops/auth';
import type { Database } from '@ops/db';
import { newId } from '@ops/events';
import { ForbiddenError, NotFoundError } from '@ops/http';
import { DATABASE, type Clock } from '@ops/runtime';
import { asc, eq } from 'drizzle-orm';
import { CLOCK } from '../devices/devices.service.js';
import { alertRules, type AlertRuleRow } from '../schema.js';
import type { CreateAlertRuleRequest } from './alert-rule.requests.js';
import { AlertRules } from './alert-rules.js';

/**
 * An organization's alert rules: owners and admins define them, members read them. Each change empties this
 * process's cache of the organization's rules (other replicas see it within the cache time).
 */
@Injectable()
export class AlertRulesService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(AlertRules) private readonly rules: AlertRules,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async create(principal: Principal, input: CreateAlertRuleRequest): Promise<AlertRuleRow> {
    if (!canManageOrg(principal, input.org_id))
      throw new ForbiddenError(`you may not manage the alert rules of organization ${input.org_id}`);
    const [row] = await this.database.orm
      .insert(alertRules)
      .values({
        id: newId('rul'),
        orgId: input.org_id,
        name: input.name,
        metric: input.metric,
        operator: input.operator,
        threshold: input.threshold,
        severity: input.severity,
        createdBy: principal.userId,
        createdAt: this.clock.now(),
      })
      .returning();
    this.rules.forget(input.org_id);
    return row!;
  }

  /** The organization's rules, oldest first; none for a caller who may not read them. */
  async list(principal: Principal, orgId: string): Promise<AlertRuleRow[]> {
    if (!canReadOrg(principal, orgId)) return [];
    return this.database.orm.select().from(alertRules).where(eq(alertRules.orgId, orgId)).orderBy(asc(alertRules.id));
  }

  /** Deleting a rule deletes its alerts too (open ones are not resolved: the rule no longer exists). */
  async delete(principal: Principal, ruleId: string): Promise<void> {
    const [row] = await this.database.orm.select().from(alertRules).where(eq(alertRules.id, ruleId));
    if (!row || !canReadOrg(principal, row.orgId)) throw new NotFoundError(`alert rule ${ruleId}`);
    if (!canManageOrg(principal, row.orgId)) throw new ForbiddenError(`you may read but not change alert rule ${ruleId}`);
    await this.database.orm.delete(alertRules).where(eq(alertRules.id, ruleId));
    this.rules.forget(row.orgId);
  }
}
