import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '@ops/auth';
import { ZodPipe } from '@ops/http';
import { endpointParams } from '../endpoints/endpoint.requests.js';
import { rotateSecretRequest, type RotateSecretRequest } from './secrets.requests.js';
import { SecretsService } from './secrets.service.js';

/** `GET /api/v1/webhooks/{id}/secret` and `POST .../secret/rotate` (SecretsService says who may). */
@Controller('api/v1/webhooks/:id/secret')
export class SecretsController {
  constructor(@Inject(SecretsService) private readonly secrets: SecretsService) {}

  @Get()
  async read(@CurrentPrincipal() principal: Principal, @Param(new ZodPipe(endpointParams)) params: { id: string }) {
    return { secret: await this.secrets.read(principal, params.id) };
  }

  @Post('rotate')
  @HttpCode(200)
  async rotate(
    @CurrentPrincipal() principal: Principal,
    @Param(new ZodPipe(endpointParams)) params: { id: string },
    @Body(new ZodPipe(rotateSecretRequest)) body: RotateSecretRequest,
  ) {
    const { secret, previousExpiresAt } = await this.secrets.rotate(principal, params.id, body.overlap_seconds * 1000);
    return { secret, previous_expires_at: previousExpiresAt?.toISOString() ?? null };
  }
}
