import { Controller, Inject, Post } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '@ops/auth';
import type { Database } from '@ops/db';
import { ApiTags, Returns, ValidParams } from '@ops/http';
import { DATABASE } from '@ops/runtime';
import { Sender } from '../dispatch/send-request.js';
import { EndpointDirectory } from '../endpoints/endpoint-directory.js';
import { endpointParams } from '../endpoints/endpoint.requests.js';
import { EndpointsService } from '../endpoints/endpoints.service.js';
import { testEventResponse } from '../webhook.responses.js';
import { sendTestEvent } from './send-test-event.js';

/** `POST /api/v1/webhooks/{id}/test`: a signed `webhook.test` now, and what the receiver made of it. */
@ApiTags('endpoints')
@Controller('api/v1/webhooks/:id/test')
export class TestEventController {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(EndpointsService) private readonly endpoints: EndpointsService,
    @Inject(EndpointDirectory) private readonly directory: EndpointDirectory,
    @Inject(Sender) private readonly sender: Sender,
  ) {}

  @Post()
  @Returns(200, testEventResponse)
  async send(@CurrentPrincipal() principal: Principal, @ValidParams(endpointParams) params: { id: string }) {
    await this.endpoints.getManageable(principal, params.id);
    const { eventId, deliveryId, result } = await sendTestEvent(this.database, this.directory, this.sender, params.id);
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
