import { Controller, Get, Inject } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '@ops/auth';
import { ApiTags, Returns, ValidParams } from '@ops/http';
import { eventDeliveriesResponse } from '../webhook.responses.js';
import { DeliveryLogService } from './delivery-log.service.js';
import { eventDeliveriesParams } from './delivery.requests.js';
import { deliveryView } from './delivery.view.js';

/** `GET /api/v1/webhooks/events/{eventId}/deliveries`: what became of one event, at every endpoint the caller may see (`opsctl event <id>`). */
@ApiTags('deliveries')
@Controller('api/v1/webhooks/events/:eventId/deliveries')
export class EventDeliveriesController {
  constructor(@Inject(DeliveryLogService) private readonly log: DeliveryLogService) {}

  @Get()
  @Returns(200, eventDeliveriesResponse)
  async list(@CurrentPrincipal() principal: Principal, @ValidParams(eventDeliveriesParams) params: { eventId: string }) {
    const rows = await this.log.ofEvent(principal, params.eventId);
    return { data: rows.map((row) => ({ ...deliveryView(row), endpoint_id: row.endpointId })) };
  }
}
