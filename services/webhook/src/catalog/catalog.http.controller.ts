import { Controller, Get } from '@nestjs/common';
import { PortalRoute } from '@ops/auth';
import { ApiTags, Returns } from '@ops/http';
import { catalogDocument } from '@ops/events';
import { catalogResponse } from '../webhook.responses.js';

const catalog = catalogDocument();

/** What can be subscribed to (the contract, docs/events.md): its version, and every type with its description, sources, JSON Schema and an example. */
@PortalRoute()
@ApiTags('events')
@Controller('api/v1/webhooks/events')
export class CatalogController {
  @Get('available')
  @Returns(200, catalogResponse)
  available() {
    return catalog;
  }
}
