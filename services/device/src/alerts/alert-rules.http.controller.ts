import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '@ops/auth';
import { ZodPipe } from '@ops/http';
import { alertRuleParams, createAlertRuleRequest, listAlertRulesQuery, type CreateAlertRuleRequest } from './alert-rule.requests.js';
import { alertRuleView } from './alert-rule.view.js';
import { AlertRulesService } from './alert-rules.service.js';

/** An organization's alert rules: owners and admins define them, members read them (AlertRulesService). */
@Controller('api/v1/devices/alert-rules')
export class AlertRulesController {
  constructor(@Inject(AlertRulesService) private readonly rules: AlertRulesService) {}

  @Post()
  @HttpCode(201)
  async create(@CurrentPrincipal() principal: Principal, @Body(new ZodPipe(createAlertRuleRequest)) body: CreateAlertRuleRequest) {
    return alertRuleView(await this.rules.create(principal, body));
  }

  @Get()
  async list(@CurrentPrincipal() principal: Principal, @Query(new ZodPipe(listAlertRulesQuery)) query: { org_id: string }) {
    return { data: (await this.rules.list(principal, query.org_id)).map(alertRuleView) };
  }

  /** Deleting a rule deletes its alerts too (open ones are not resolved: the rule no longer exists). */
  @Delete(':ruleId')
  @HttpCode(204)
  async delete(@CurrentPrincipal() principal: Principal, @Param(new ZodPipe(alertRuleParams)) params: { ruleId: string }) {
    await this.rules.delete(principal, params.ruleId);
  }
}
