import { Controller, Get, Inject } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '@ops/auth';
import type { Database } from '@ops/db';
import { ApiTags, NotFoundError, Returns, ValidParams } from '@ops/http';
import { DATABASE } from '@ops/runtime';
import { deliveriesOfEvent } from '../delivery-store/index.js';
import { visibleTo } from '../endpoints/endpoints.service.js';
import { eventDeliveriesResponse } from '../webhook.responses.js';
import { eventDeliveriesParams } from './delivery.requests.js';
import { deliveryView } from './delivery.view.js';

/**
 * `GET /api/v1/webhooks/events/{eventId}/deliveries`: what became of one event, at every endpoint the caller
 * may see (`opsctl event <id>`). None visible is a 404, whether the event reached only other organizations'
 * endpoints or never arrived: the answer does not tell which.
 */
@ApiTags('deliveries')
@Controller('api/v1/webhooks/events/:eventId/deliveries')
export class EventDeliveriesController {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  @Get()
  @Returns(200, eventDeliveriesResponse)
  async list(@CurrentPrincipal() principal: Principal, @ValidParams(eventDeliveriesParams) params: { eventId: string }) {
    const rows = await deliveriesOfEvent(this.database.orm, params.eventId, visibleTo(principal));
    if (rows.length === 0) throw new NotFoundError(`deliveries of event ${params.eventId}`);
    return { data: rows.map((row) => ({ ...deliveryView(row), endpoint_id: row.endpointId })) };
  }
}
