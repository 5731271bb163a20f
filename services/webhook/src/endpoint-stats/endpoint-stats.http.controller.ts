import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { CurrentPrincipal, PortalRoute, type Principal } from '@ops/auth';
import { ZodPipe } from '@ops/http';
import { endpointParams } from '../endpoints/endpoint.requests.js';
import { endpointStatsQuery, type EndpointStatsQuery } from './endpoint-stats.requests.js';
import { EndpointStatsService } from './endpoint-stats.service.js';
import { endpointStatsView } from './endpoint-stats.view.js';

/** An endpoint's figures, for whoever may see the endpoint (404 otherwise, as for the endpoint itself). */
@PortalRoute()
@Controller('api/v1/webhooks/:id/stats')
export class EndpointStatsController {
  constructor(@Inject(EndpointStatsService) private readonly stats: EndpointStatsService) {}

  @Get()
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param(new ZodPipe(endpointParams)) params: { id: string },
    @Query(new ZodPipe(endpointStatsQuery)) query: EndpointStatsQuery,
  ) {
    return endpointStatsView(await this.stats.stats(principal, params.id, query.window));
  }
}
