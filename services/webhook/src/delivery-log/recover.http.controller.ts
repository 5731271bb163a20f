import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { CurrentPrincipal, PortalRoute, type Principal } from '@ops/auth';
import type { Database } from '@ops/db';
import { ZodPipe } from '@ops/http';
import { DATABASE } from '@ops/runtime';
import { endpointParams } from '../endpoints/endpoint.requests.js';
import { EndpointsService } from '../endpoints/endpoints.service.js';
import { recoverRequest, type RecoverRequest } from './delivery.requests.js';
import { failedSince, requeueDeliveries } from '../delivery-store/index.js';

/** Recover: every failed delivery of an endpoint since a time, sent again (as after a receiver's outage). */
@PortalRoute()
@Controller('api/v1/webhooks/:id/recover')
export class RecoverController {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(EndpointsService) private readonly endpoints: EndpointsService,
  ) {}

  @Post()
  @HttpCode(202)
  async recover(
    @CurrentPrincipal() principal: Principal,
    @Param(new ZodPipe(endpointParams)) params: { id: string },
    @Body(new ZodPipe(recoverRequest)) body: RecoverRequest,
  ) {
    await this.endpoints.getManageable(principal, params.id);
    const until = body.until ? new Date(body.until) : new Date();
    const requeued = await this.database.orm.transaction((tx) => requeueDeliveries(tx, failedSince(params.id, new Date(body.since), until)));
    return { recovered: requeued.length };
  }
}
