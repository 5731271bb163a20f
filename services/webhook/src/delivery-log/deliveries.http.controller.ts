import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '@ops/auth';
import { ZodPipe } from '@ops/http';
import { endpointParams } from '../endpoints/endpoint.requests.js';
import { DeliveryLogService } from './delivery-log.service.js';
import { deliveryParams, listDeliveriesQuery, type ListDeliveriesQuery } from './delivery.requests.js';
import { attemptView, deliveryView } from './delivery.view.js';

/**
 * The delivery log of an endpoint, visible to whoever may see the endpoint; resend for those who may manage it.
 */
@Controller('api/v1/webhooks/:id/deliveries')
export class DeliveriesController {
  constructor(@Inject(DeliveryLogService) private readonly log: DeliveryLogService) {}

  @Get()
  async list(
    @CurrentPrincipal() principal: Principal,
    @Param(new ZodPipe(endpointParams)) params: { id: string },
    @Query(new ZodPipe(listDeliveriesQuery)) query: ListDeliveriesQuery,
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
  async get(@CurrentPrincipal() principal: Principal, @Param(new ZodPipe(deliveryParams)) params: { id: string; deliveryId: string }) {
    const { delivery, attempts } = await this.log.get(principal, params.id, params.deliveryId);
    return { ...deliveryView(delivery), attempts: attempts.map(attemptView) };
  }

  /** Sends one delivery again now, whatever became of it, under the same webhook-id. */
  @Post(':deliveryId/resend')
  @HttpCode(202)
  async resend(@CurrentPrincipal() principal: Principal, @Param(new ZodPipe(deliveryParams)) params: { id: string; deliveryId: string }) {
    return deliveryView(await this.log.resend(principal, params.id, params.deliveryId));
  }
}
