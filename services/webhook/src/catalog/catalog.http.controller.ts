import { Controller, Get } from '@nestjs/common';
import { catalogAsJson } from '@ops/events';

const catalog = { events: catalogAsJson() };

/** What can be subscribed to: every event type with its description, JSON Schema and an example. */
@Controller('api/v1/webhooks/events')
export class CatalogController {
  @Get('available')
  available() {
    return catalog;
  }
}
