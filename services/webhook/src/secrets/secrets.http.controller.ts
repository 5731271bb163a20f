import { Controller, Get, Inject, Post } from '@nestjs/common';
import { CurrentPrincipal, PortalRoute, type Principal } from '@ops/auth';
import { ApiTags, Returns, ValidBody, ValidParams } from '@ops/http';
import { endpointParams } from '../endpoints/endpoint.requests.js';
import { rotatedSecretResponse, secretResponse } from '../webhook.responses.js';
import { rotateSecretRequest, type RotateSecretRequest } from './secrets.requests.js';
import { SecretsService } from './secrets.service.js';

/**
 * An endpoint's signing secret, for those who may manage the endpoint: read it again on purpose, or rotate it.
 * Rotation keeps the previous secret signing for an overlap, so receivers can switch without missing a beat:
 * during it every delivery carries both signatures (Standard Webhooks allows several). SecretsService says who may.
 */
@PortalRoute()
@ApiTags('secrets')
@Controller('api/v1/webhooks/:id/secret')
export class SecretsController {
  constructor(@Inject(SecretsService) private readonly secrets: SecretsService) {}

  @Get()
  @Returns(200, secretResponse)
  async read(@CurrentPrincipal() principal: Principal, @ValidParams(endpointParams) params: { id: string }) {
    return { secret: await this.secrets.read(principal, params.id) };
  }

  @Post('rotate')
  @Returns(200, rotatedSecretResponse)
  async rotate(
    @CurrentPrincipal() principal: Principal,
    @ValidParams(endpointParams) params: { id: string },
    @ValidBody(rotateSecretRequest) body: RotateSecretRequest,
  ) {
    const { secret, previousExpiresAt } = await this.secrets.rotate(principal, params.id, body.overlap_seconds * 1000);
    return { secret, previous_expires_at: previousExpiresAt?.toISOString() ?? null };
  }
}
