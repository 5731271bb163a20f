import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '@ops/auth';
import { ZodPipe } from '@ops/http';
import { endpointParams } from '../endpoints/endpoint.requests.js';
import { DeliveryLogService } from './delivery-log.service.js';
import { recoverRequest, type RecoverRequest } from './delivery.requests.js';

/** Recover: every failed delivery of an endpoint since a time, sent again (as after a receiver's outage). */
@Controller('api/v1/webhooks/:id/recover')
export class RecoverController {
  constructor(@Inject(DeliveryLogService) private readonly log: DeliveryLogService) {}

  @Post()
  @HttpCode(202)
  async recover(
    @CurrentPrincipal() principal: Principal,
    @Param(new ZodPipe(endpointParams)) params: { id: string },
    @Body(new ZodPipe(recoverRequest)) body: RecoverRequest,
  ) {
    const until = body.until ? new Date(body.until) : new Date();
    return { recovered: await this.log.recover(principal, params.id, new Date(body.since), until) };
  }
}
