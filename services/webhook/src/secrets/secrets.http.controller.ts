import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { CurrentPrincipal, PortalRoute, type Principal } from '@ops/auth';
import type { Database } from '@ops/db';
import { NotFoundError, ZodPipe } from '@ops/http';
import { DATABASE } from '@ops/runtime';
import { generateSecret } from '@ops/signing';
import { endpointParams } from '../endpoints/endpoint.requests.js';
import { bumpRevision, EndpointsService } from '../endpoints/endpoints.service.js';
import { addSecret, currentSecret } from './endpoint-secrets.js';
import { rotateSecretRequest, type RotateSecretRequest } from './secrets.requests.js';
import { SecretBox } from './secret-box.js';

/**
 * An endpoint's signing secret, for those who may manage the endpoint: read it again on purpose, or rotate it.
 * Rotation keeps the previous secret signing for an overlap, so receivers can switch without missing a beat:
 * during it every delivery carries both signatures (Standard Webhooks allows several).
 */
@PortalRoute()
@Controller('api/v1/webhooks/:id/secret')
export class SecretsController {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(EndpointsService) private readonly endpoints: EndpointsService,
    @Inject(SecretBox) private readonly box: SecretBox,
  ) {}

  @Get()
  async read(@CurrentPrincipal() principal: Principal, @Param(new ZodPipe(endpointParams)) params: { id: string }) {
    await this.endpoints.getManageable(principal, params.id);
    const secret = await currentSecret(this.database.orm, this.box, params.id);
    if (!secret) throw new NotFoundError(`secret of endpoint ${params.id}`);
    return { secret };
  }

  @Post('rotate')
  @HttpCode(200)
  async rotate(
    @CurrentPrincipal() principal: Principal,
    @Param(new ZodPipe(endpointParams)) params: { id: string },
    @Body(new ZodPipe(rotateSecretRequest)) body: RotateSecretRequest,
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
