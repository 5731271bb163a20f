import { Controller, Get, Inject } from '@nestjs/common';
import { CurrentPrincipal, isPlatformAdmin, type Principal } from '@ops/auth';
import { ForbiddenError } from '@ops/http';
import { PlatformStatusService } from './platform-status.service.js';

/** `GET /api/v1/admin/webhooks/status`: platform administrators only (it counts every organization's deliveries). */
@Controller('api/v1/admin/webhooks/status')
export class PlatformStatusController {
  constructor(@Inject(PlatformStatusService) private readonly platform: PlatformStatusService) {}

  @Get()
  async get(@CurrentPrincipal() principal: Principal) {
    if (!isPlatformAdmin(principal)) throw new ForbiddenError('platform administrators only');
    return this.platform.status();
  }
}
