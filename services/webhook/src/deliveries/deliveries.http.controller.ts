import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '@ops/auth';
import type { Database } from '@ops/db';
import { ConflictError, NotFoundError, ZodPipe } from '@ops/http';
import { DATABASE } from '@ops/runtime';
import { and, asc, desc, eq, lt, type SQL } from 'drizzle-orm';
import { endpointParams } from '../endpoints/endpoint.requests.js';
import { EndpointsService } from '../endpoints/endpoints.service.js';
import { attempts, deliveries } from '../schema.js';
import { deliveryParams, listDeliveriesQuery, type ListDeliveriesQuery } from './delivery.requests.js';
import { oneDelivery, requeueDeliveries } from './resend.js';
import { attemptView, deliveryView } from './delivery.view.js';

/**
 * The delivery log of an endpoint, visible to whoever may see the endpoint; resend for those who may manage it.
 */
@Controller('api/v1/webhooks/:id/deliveries')
export class DeliveriesController {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(EndpointsService) private readonly endpoints: EndpointsService,
  ) {}

  @Get()
  async list(
    @CurrentPrincipal() principal: Principal,
    @Param(new ZodPipe(endpointParams)) params: { id: string },
    @Query(new ZodPipe(listDeliveriesQuery)) query: ListDeliveriesQuery,
  ) {
    await this.endpoints.get(principal, params.id);
    const conditions: SQL[] = [eq(deliveries.endpointId, params.id)];
    if (query.status) conditions.push(eq(deliveries.status, query.status));
    if (query.event_type) conditions.push(eq(deliveries.eventType, query.event_type));
    if (query.replay_id) conditions.push(eq(deliveries.replayId, query.replay_id));
    if (query.before) conditions.push(lt(deliveries.id, query.before));
    const rows = await this.database.orm
      .select()
      .from(deliveries)
      .where(and(...conditions))
      .orderBy(desc(deliveries.id))
      .limit(query.limit);
    return { data: rows.map(deliveryView), next_cursor: rows.length === query.limit ? rows.at(-1)!.id : null };
  }

  /** One delivery with every attempt, oldest first. */
  @Get(':deliveryId')
  async get(@CurrentPrincipal() principal: Principal, @Param(new ZodPipe(deliveryParams)) params: { id: string; deliveryId: string }) {
    await this.endpoints.get(principal, params.id);
    const [row] = await this.database.orm
      .select()
      .from(deliveries)
      .where(and(eq(deliveries.id, params.deliveryId), eq(deliveries.endpointId, params.id)));
    if (!row) throw new NotFoundError(`delivery ${params.deliveryId}`);
    const log = await this.database.orm.select().from(attempts).where(eq(attempts.deliveryId, row.id)).orderBy(asc(attempts.attemptNumber));
    return { ...deliveryView(row), attempts: log.map(attemptView) };
  }

  /** Sends one delivery again now, whatever became of it, under the same webhook-id. */
  @Post(':deliveryId/resend')
  @HttpCode(202)
  async resend(@CurrentPrincipal() principal: Principal, @Param(new ZodPipe(deliveryParams)) params: { id: string; deliveryId: string }) {
    await this.endpoints.getManageable(principal, params.id);
    const [row] = await this.database.orm.select().from(deliveries).where(oneDelivery(params.id, params.deliveryId));
    if (!row) throw new NotFoundError(`delivery ${params.deliveryId}`);
    const [requeued] = await this.database.orm.transaction((tx) => requeueDeliveries(tx, oneDelivery(params.id, params.deliveryId)));
    if (!requeued) throw new ConflictError(`delivery ${params.deliveryId} is being sent right now`);
    return deliveryView(requeued);
  }
}
