import { Controller, Inject, Post } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '@ops/auth';
import type { Database } from '@ops/db';
import { ApiTags, Returns, ValidBody, ValidParams } from '@ops/http';
import { DATABASE } from '@ops/runtime';
import { endpointParams } from '../endpoints/endpoint.requests.js';
import { EndpointsService } from '../endpoints/endpoints.service.js';
import { recoverResponse } from '../webhook.responses.js';
import { recoverRequest, type RecoverRequest } from './delivery.requests.js';
import { failedSince, requeueDeliveries } from '../delivery-store/index.js';

/** Recover: every failed delivery of an endpoint since a time, sent again (as after a receiver's outage). */
@ApiTags('deliveries')
@Controller('api/v1/webhooks/:id/recover')
export class RecoverController {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(EndpointsService) private readonly endpoints: EndpointsService,
  ) {}

  @Post()
  @Returns(202, recoverResponse)
  async recover(
    @CurrentPrincipal() principal: Principal,
    @ValidParams(endpointParams) params: { id: string },
    @ValidBody(recoverRequest) body: RecoverRequest,
  ) {
    await this.endpoints.getManageable(principal, params.id);
    const until = body.until ? new Date(body.until) : new Date();
    const requeued = await this.database.orm.transaction((tx) => requeueDeliveries(tx, failedSince(params.id, new Date(body.since), until)));
    return { recovered: requeued.length };
  }
}
