import { Controller, Get } from '@nestjs/common';
import { PortalRoute } from '@ops/auth';
import { catalogDocument } from '@ops/events';

const catalog = catalogDocument();

/** What can be subscribed to (the contract, docs/events.md): its version, and every type with its description, sources, JSON Schema and an example. */
@PortalRoute()
@Controller('api/v1/webhooks/events')
export class CatalogController {
  @Get('available')
  available() {
    return catalog;
  }
}
