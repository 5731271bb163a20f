import { Controller, Get, Inject } from '@nestjs/common';
import { CurrentPrincipal, isPlatformAdmin, type Principal } from '@ops/auth';
import { ApiTags, ForbiddenError, Returns } from '@ops/http';
import { platformStatusResponse } from '../webhook.responses.js';
import { PlatformStatusService } from './platform-status.service.js';

/** `GET /api/v1/admin/webhooks/status`: platform administrators only (it counts every organization's deliveries). */
@ApiTags('platform')
@Controller('api/v1/admin/webhooks/status')
export class PlatformStatusController {
  constructor(@Inject(PlatformStatusService) private readonly platform: PlatformStatusService) {}

  @Get()
  @Returns(200, platformStatusResponse)
  async get(@CurrentPrincipal() principal: Principal) {
    if (!isPlatformAdmin(principal)) throw new ForbiddenError('platform administrators only');
    return this.platform.status();
  }
}
