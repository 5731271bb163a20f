import { Controller, Delete, Get, Inject, Post } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '@ops/auth';
import { ApiTags, Returns, ValidBody, ValidParams, ValidQuery } from '@ops/http';
import { alertRuleResponse, alertRulesResponse } from '../device.responses.js';
import { alertRuleParams, createAlertRuleRequest, listAlertRulesQuery, type CreateAlertRuleRequest } from './alert-rule.requests.js';
import { alertRuleView } from './alert-rule.view.js';
import { AlertRulesService } from './alert-rules.service.js';

/** An organization's alert rules: owners and admins define them, members read them (AlertRulesService). */
@ApiTags('alert rules')
@Controller('api/v1/devices/alert-rules')
export class AlertRulesController {
  constructor(@Inject(AlertRulesService) private readonly rules: AlertRulesService) {}

  @Post()
  @Returns(201, alertRuleResponse)
  async create(@CurrentPrincipal() principal: Principal, @ValidBody(createAlertRuleRequest) body: CreateAlertRuleRequest) {
    return alertRuleView(await this.rules.create(principal, body));
  }

  @Get()
  @Returns(200, alertRulesResponse)
  async list(@CurrentPrincipal() principal: Principal, @ValidQuery(listAlertRulesQuery) query: { org_id: string }) {
    return { data: (await this.rules.list(principal, query.org_id)).map(alertRuleView) };
  }

  /** Deleting a rule deletes its alerts too (open ones are not resolved: the rule no longer exists). */
  @Delete(':ruleId')
  @Returns(204)
  async delete(@CurrentPrincipal() principal: Principal, @ValidParams(alertRuleParams) params: { ruleId: string }) {
    await this.rules.delete(principal, params.ruleId);
  }
}
