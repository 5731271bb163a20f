import { Controller, Get, Inject, Post } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '@ops/auth';
import type { Database } from '@ops/db';
import { ApiTags, ConflictError, NotFoundError, page, Returns, ValidParams, ValidQuery } from '@ops/http';
import { DATABASE } from '@ops/runtime';
import { attemptsOf, findDelivery, listDeliveries, oneDelivery, requeueDeliveries } from '../delivery-store/index.js';
import { endpointParams } from '../endpoints/endpoint.requests.js';
import { EndpointsService } from '../endpoints/endpoints.service.js';
import { deliveryResponse, deliveryWithAttemptsResponse } from '../webhook.responses.js';
import { deliveryParams, listDeliveriesQuery, type ListDeliveriesQuery } from './delivery.requests.js';
import { attemptView, deliveryView } from './delivery.view.js';

/**
 * The delivery log of an endpoint, visible to whoever may see the endpoint; resend for those who may manage it.
 */
@ApiTags('deliveries')
@Controller('api/v1/webhooks/:id/deliveries')
export class DeliveriesController {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(EndpointsService) private readonly endpoints: EndpointsService,
  ) {}

  @Get()
  @Returns(200, page(deliveryResponse))
  async list(
    @CurrentPrincipal() principal: Principal,
    @ValidParams(endpointParams) params: { id: string },
    @ValidQuery(listDeliveriesQuery) query: ListDeliveriesQuery,
  ) {
    await this.endpoints.get(principal, params.id);
    const rows = await listDeliveries(this.database.orm, {
      endpointId: params.id,
      status: query.status,
      eventType: query.event_type,
      replayId: query.replay_id,
      before: query.before,
      limit: query.limit,
    });
    return { data: rows.map(deliveryView), next_cursor: rows.length === query.limit ? rows.at(-1)!.id : null };
  }

  /** One delivery with every attempt, oldest first. */
  @Get(':deliveryId')
  @Returns(200, deliveryWithAttemptsResponse)
  async get(@CurrentPrincipal() principal: Principal, @ValidParams(deliveryParams) params: { id: string; deliveryId: string }) {
    await this.endpoints.get(principal, params.id);
    const row = await findDelivery(this.database.orm, params.id, params.deliveryId);
    if (!row) throw new NotFoundError(`delivery ${params.deliveryId}`);
    const log = await attemptsOf(this.database.orm, row);
    return { ...deliveryView(row), attempts: log.map(attemptView) };
  }

  /** Sends one delivery again now, whatever became of it, under the same webhook-id. */
  @Post(':deliveryId/resend')
  @Returns(202, deliveryResponse)
  async resend(@CurrentPrincipal() principal: Principal, @ValidParams(deliveryParams) params: { id: string; deliveryId: string }) {
    await this.endpoints.getManageable(principal, params.id);
    const row = await findDelivery(this.database.orm, params.id, params.deliveryId);
    if (!row) throw new NotFoundError(`delivery ${params.deliveryId}`);
    const [requeued] = await this.database.orm.transaction((tx) => requeueDeliveries(tx, oneDelivery(params.id, params.deliveryId)));
    if (!requeued) throw new ConflictError(`delivery ${params.deliveryId} is being sent right now`);
    return deliveryView(requeued);
  }
}
