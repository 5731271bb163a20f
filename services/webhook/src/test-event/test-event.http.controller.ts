import { Controller, Inject, Post } from '@nestjs/common';
import { CurrentPrincipal, PortalRoute, type Principal } from '@ops/auth';
import { ApiTags, Returns, ValidParams } from '@ops/http';
import { endpointParams } from '../endpoints/endpoint.requests.js';
import { testEventResponse } from '../webhook.responses.js';
import { TestEventService } from './test-event.service.js';

/** `POST /api/v1/webhooks/{id}/test`: a signed `webhook.test` now, and what the receiver made of it. */
@PortalRoute()
@ApiTags('endpoints')
@Controller('api/v1/webhooks/:id/test')
export class TestEventController {
  constructor(@Inject(TestEventService) private readonly testEvents: TestEventService) {}

  @Post()
  @Returns(200, testEventResponse)
  async send(@CurrentPrincipal() principal: Principal, @ValidParams(endpointParams) params: { id: string }) {
    const { eventId, deliveryId, result } = await this.testEvents.send(principal, params.id);
    return {
      event_id: eventId,
      delivery_id: deliveryId,
      succeeded: result.ok,
      status_code: result.statusCode,
      latency_ms: result.latencyMs,
      error: result.ok ? null : result.error,
      response_excerpt: result.responseExcerpt,
    };
  }
}
