import { Controller, Get, Inject } from '@nestjs/common';
import { CurrentPrincipal, PortalRoute, type Principal } from '@ops/auth';
import { ApiTags, Returns, ValidParams, ValidQuery } from '@ops/http';
import { endpointParams } from '../endpoints/endpoint.requests.js';
import { endpointStatsQuery, type EndpointStatsQuery } from './endpoint-stats.requests.js';
import { EndpointStatsService } from './endpoint-stats.service.js';
import { endpointStatsView } from './endpoint-stats.view.js';
import { endpointStatsResponse } from '../webhook.responses.js';

/** An endpoint's figures, for whoever may see the endpoint (404 otherwise, as for the endpoint itself). */
@PortalRoute()
@ApiTags('endpoints')
@Controller('api/v1/webhooks/:id/stats')
export class EndpointStatsController {
  constructor(@Inject(EndpointStatsService) private readonly stats: EndpointStatsService) {}

  @Get()
  @Returns(200, endpointStatsResponse)
  async get(
    @CurrentPrincipal() principal: Principal,
    @ValidParams(endpointParams) params: { id: string },
    @ValidQuery(endpointStatsQuery) query: EndpointStatsQuery,
  ) {
    return endpointStatsView(await this.stats.stats(principal, params.id, query.window));
  }
}
