import { Controller, Delete, Get, Inject, Post } from '@nestjs/common';
import { canManageOrg, canReadOrg, CurrentPrincipal, type Principal } from '@ops/auth';
import type { Database } from '@ops/db';
import { newId } from '@ops/events';
import { ApiTags, ForbiddenError, NotFoundError, Returns, ValidBody, ValidParams, ValidQuery } from '@ops/http';
import { DATABASE, type Clock } from '@ops/runtime';
import { asc, eq } from 'drizzle-orm';
import { alertRuleResponse, alertRulesResponse } from '../device.responses.js';
import { CLOCK } from '../devices/devices.service.js';
import { alertRules } from '../schema.js';
import { alertRuleParams, createAlertRuleRequest, listAlertRulesQuery, type CreateAlertRuleRequest } from './alert-rule.requests.js';
import { alertRuleView } from './alert-rule.view.js';
import { AlertRules } from './alert-rules.js';

/** An organization's alert rules: owners and admins define them, members read them. */
@ApiTags('alert rules')
@Controller('api/v1/devices/alert-rules')
export class AlertRulesController {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(AlertRules) private readonly rules: AlertRules,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @Returns(201, alertRuleResponse)
  async create(@CurrentPrincipal() principal: Principal, @ValidBody(createAlertRuleRequest) body: CreateAlertRuleRequest) {
    if (!canManageOrg(principal, body.org_id)) throw new ForbiddenError(`you may not manage the alert rules of organization ${body.org_id}`);
    const [row] = await this.database.orm
      .insert(alertRules)
      .values({ id: newId('rul'), orgId: body.org_id, name: body.name, metric: body.metric, operator: body.operator, threshold: body.threshold, severity: body.severity, createdBy: principal.userId, createdAt: this.clock.now() })
      .returning();
    this.rules.forget(body.org_id);
    return alertRuleView(row!);
  }

  @Get()
  @Returns(200, alertRulesResponse)
  async list(@CurrentPrincipal() principal: Principal, @ValidQuery(listAlertRulesQuery) query: { org_id: string }) {
    if (!canReadOrg(principal, query.org_id)) return { data: [] };
    const rows = await this.database.orm.select().from(alertRules).where(eq(alertRules.orgId, query.org_id)).orderBy(asc(alertRules.id));
    return { data: rows.map(alertRuleView) };
  }

  /** Deleting a rule deletes its alerts too (open ones are not resolved: the rule no longer exists). */
  @Delete(':ruleId')
  @Returns(204)
  async delete(@CurrentPrincipal() principal: Principal, @ValidParams(alertRuleParams) params: { ruleId: string }) {
    const [row] = await this.database.orm.select().from(alertRules).where(eq(alertRules.id, params.ruleId));
    if (!row || !canReadOrg(principal, row.orgId)) throw new NotFoundError(`alert rule ${params.ruleId}`);
    if (!canManageOrg(principal, row.orgId)) throw new ForbiddenError(`you may read but not change alert rule ${params.ruleId}`);
    await this.database.orm.delete(alertRules).where(eq(alertRules.id, params.ruleId));
    this.rules.forget(row.orgId);
  }
}
