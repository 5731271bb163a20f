import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { CurrentPrincipal, PortalRoute, type Principal } from '@ops/auth';
import { ZodPipe } from '@ops/http';
import {
  createEndpointRequest,
  endpointParams,
  listEndpointsQuery,
  updateEndpointRequest,
  type CreateEndpointRequest,
  type ListEndpointsQuery,
  type UpdateEndpointRequest,
} from './endpoint.requests.js';
import { endpointView } from './endpoint.view.js';
import { EndpointsService } from './endpoints.service.js';

@PortalRoute()
@Controller('api/v1/webhooks')
export class EndpointsController {
  constructor(@Inject(EndpointsService) private readonly endpoints: EndpointsService) {}

  /** The response is the only time the signing secret is shown. */
  @Post()
  @HttpCode(201)
  async create(@CurrentPrincipal() principal: Principal, @Body(new ZodPipe(createEndpointRequest)) body: CreateEndpointRequest) {
    const { endpoint, secret } = await this.endpoints.create(principal, body);
    return endpointView(endpoint, { secret });
  }

  @Get()
  async list(@CurrentPrincipal() principal: Principal, @Query(new ZodPipe(listEndpointsQuery)) query: ListEndpointsQuery) {
    const rows = await this.endpoints.list(principal, query);
    return { data: rows.map((r) => endpointView(r)), next_cursor: rows.length === query.limit ? rows.at(-1)!.id : null };
  }

  @Get(':id')
  async get(@CurrentPrincipal() principal: Principal, @Param(new ZodPipe(endpointParams)) params: { id: string }) {
    return endpointView(await this.endpoints.get(principal, params.id));
  }

  @Patch(':id')
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param(new ZodPipe(endpointParams)) params: { id: string },
    @Body(new ZodPipe(updateEndpointRequest)) body: UpdateEndpointRequest,
  ) {
    return endpointView(await this.endpoints.update(principal, params.id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  async delete(@CurrentPrincipal() principal: Principal, @Param(new ZodPipe(endpointParams)) params: { id: string }): Promise<void> {
    await this.endpoints.delete(principal, params.id);
  }
}
