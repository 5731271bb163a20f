import { Controller, Get, Inject, Post } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '@ops/auth';
import type { Database } from '@ops/db';
import { ApiTags, NotFoundError, Returns, ValidBody, ValidParams } from '@ops/http';
import { DATABASE } from '@ops/runtime';
import { generateSecret } from '@ops/signing';
import { endpointParams } from '../endpoints/endpoint.requests.js';
import { bumpRevision, EndpointsService } from '../endpoints/endpoints.service.js';
import { rotatedSecretResponse, secretResponse } from '../webhook.responses.js';
import { addSecret, currentSecret } from './endpoint-secrets.js';
import { rotateSecretRequest, type RotateSecretRequest } from './secrets.requests.js';
import { SecretBox } from './secret-box.js';

/**
 * An endpoint's signing secret, for those who may manage the endpoint: read it again on purpose, or rotate it.
 * Rotation keeps the previous secret signing for an overlap, so receivers can switch without missing a beat:
 * during it every delivery carries both signatures (Standard Webhooks allows several).
 */
@ApiTags('secrets')
@Controller('api/v1/webhooks/:id/secret')
export class SecretsController {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(EndpointsService) private readonly endpoints: EndpointsService,
    @Inject(SecretBox) private readonly box: SecretBox,
  ) {}

  @Get()
  @Returns(200, secretResponse)
  async read(@CurrentPrincipal() principal: Principal, @ValidParams(endpointParams) params: { id: string }) {
    await this.endpoints.getManageable(principal, params.id);
    const secret = await currentSecret(this.database.orm, this.box, params.id);
    if (!secret) throw new NotFoundError(`secret of endpoint ${params.id}`);
    return { secret };
  }

  @Post('rotate')
  @Returns(200, rotatedSecretResponse)
  async rotate(
    @CurrentPrincipal() principal: Principal,
    @ValidParams(endpointParams) params: { id: string },
    @ValidBody(rotateSecretRequest) body: RotateSecretRequest,
  ) {
    await this.endpoints.getManageable(principal, params.id);
    const secret = generateSecret();
    const previousExpiresAt = await this.database.orm.transaction(async (tx) => {
      const retired = await addSecret(tx, this.box, params.id, secret, body.overlap_seconds * 1000);
      await bumpRevision(tx);
      return retired;
    });
    return { secret, previous_expires_at: previousExpiresAt?.toISOString() ?? null };
  }
}
