import { Controller, Get, Inject, Post } from '@nestjs/common';
import { CurrentPrincipal, PortalRoute, type Principal } from '@ops/auth';
import { ApiTags, page, Returns, ValidParams, ValidQuery } from '@ops/http';
import { endpointParams } from '../endpoints/endpoint.requests.js';
import { deliveryResponse, deliveryWithAttemptsResponse } from '../webhook.responses.js';
import { DeliveryLogService } from './delivery-log.service.js';
import { deliveryParams, listDeliveriesQuery, type ListDeliveriesQuery } from './delivery.requests.js';
import { attemptView, deliveryView } from './delivery.view.js';

/**
 * The delivery log of an endpoint, visible to whoever may see the endpoint; resend for those who may manage it.
 */
@PortalRoute()
@ApiTags('deliveries')
@Controller('api/v1/webhooks/:id/deliveries')
export class DeliveriesController {
  constructor(@Inject(DeliveryLogService) private readonly log: DeliveryLogService) {}

  @Get()
  @Returns(200, page(deliveryResponse))
  async list(
    @CurrentPrincipal() principal: Principal,
    @ValidParams(endpointParams) params: { id: string },
    @ValidQuery(listDeliveriesQuery) query: ListDeliveriesQuery,
  ) {
    const rows = await this.log.list(principal, {
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
    const { delivery, attempts } = await this.log.get(principal, params.id, params.deliveryId);
    return { ...deliveryView(delivery), attempts: attempts.map(attemptView) };
  }

  /** Sends one delivery again now, whatever became of it, under the same webhook-id. */
  @Post(':deliveryId/resend')
  @Returns(202, deliveryResponse)
  async resend(@CurrentPrincipal() principal: Principal, @ValidParams(deliveryParams) params: { id: string; deliveryId: string }) {
    return deliveryView(await this.log.resend(principal, params.id, params.deliveryId));
  }
}
