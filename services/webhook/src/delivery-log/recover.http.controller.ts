import { Controller, Inject, Post } from '@nestjs/common';
import { CurrentPrincipal, PortalRoute, type Principal } from '@ops/auth';
import { ApiTags, Returns, ValidBody, ValidParams } from '@ops/http';
import { endpointParams } from '../endpoints/endpoint.requests.js';
import { recoverResponse } from '../webhook.responses.js';
import { DeliveryLogService } from './delivery-log.service.js';
import { recoverRequest, type RecoverRequest } from './delivery.requests.js';

/** Recover: every failed delivery of an endpoint since a time, sent again (as after a receiver's outage). */
@PortalRoute()
@ApiTags('deliveries')
@Controller('api/v1/webhooks/:id/recover')
export class RecoverController {
  constructor(@Inject(DeliveryLogService) private readonly log: DeliveryLogService) {}

  @Post()
  @Returns(202, recoverResponse)
  async recover(
    @CurrentPrincipal() principal: Principal,
    @ValidParams(endpointParams) params: { id: string },
    @ValidBody(recoverRequest) body: RecoverRequest,
  ) {
    const until = body.until ? new Date(body.until) : new Date();
    return { recovered: await this.log.recover(principal, params.id, new Date(body.since), until) };
  }
}
