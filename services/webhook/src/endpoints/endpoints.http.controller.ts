import { Controller, Delete, Get, Inject, Patch, Post } from '@nestjs/common';
import { CurrentPrincipal, PortalRoute, type Principal } from '@ops/auth';
import { ApiTags, page, Returns, ValidBody, ValidParams, ValidQuery } from '@ops/http';
import { endpointResponse } from '../webhook.responses.js';
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
@ApiTags('endpoints')
@Controller('api/v1/webhooks')
export class EndpointsController {
  constructor(@Inject(EndpointsService) private readonly endpoints: EndpointsService) {}

  /** The response is the only time the signing secret is shown. */
  @Post()
  @Returns(201, endpointResponse)
  async create(@CurrentPrincipal() principal: Principal, @ValidBody(createEndpointRequest) body: CreateEndpointRequest) {
    const { endpoint, secret } = await this.endpoints.create(principal, body);
    return endpointView(endpoint, { secret });
  }

  @Get()
  @Returns(200, page(endpointResponse))
  async list(@CurrentPrincipal() principal: Principal, @ValidQuery(listEndpointsQuery) query: ListEndpointsQuery) {
    const rows = await this.endpoints.list(principal, query);
    return { data: rows.map((r) => endpointView(r)), next_cursor: rows.length === query.limit ? rows.at(-1)!.id : null };
  }

  @Get(':id')
  @Returns(200, endpointResponse)
  async get(@CurrentPrincipal() principal: Principal, @ValidParams(endpointParams) params: { id: string }) {
    return endpointView(await this.endpoints.get(principal, params.id));
  }

  @Patch(':id')
  @Returns(200, endpointResponse)
  async update(
    @CurrentPrincipal() principal: Principal,
    @ValidParams(endpointParams) params: { id: string },
    @ValidBody(updateEndpointRequest) body: UpdateEndpointRequest,
  ) {
    return endpointView(await this.endpoints.update(principal, params.id, body));
  }

  @Delete(':id')
  @Returns(204)
  async delete(@CurrentPrincipal() principal: Principal, @ValidParams(endpointParams) params: { id: string }): Promise<void> {
    await this.endpoints.delete(principal, params.id);
  }
}
