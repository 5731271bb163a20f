import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@ops/auth';
import type { Database } from '@ops/db';
import { NotFoundError } from '@ops/http';
import { DATABASE } from '@ops/runtime';
import { generateSecret } from '@ops/signing';
import { bumpRevision, EndpointsService } from '../endpoints/endpoints.service.js';
import { addSecret, currentSecret } from './endpoint-secrets.js';
import { SecretBox } from './secret-box.js';

/**
 * An endpoint's signing secret, for those who may manage the endpoint: read it again on purpose, or rotate it.
 * Rotation keeps the previous secret signing for an overlap, so receivers can switch without missing a beat:
 * during it every delivery carries both signatures (Standard Webhooks allows several).
 */
@Injectable()
export class SecretsService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(EndpointsService) private readonly endpoints: EndpointsService,
    @Inject(SecretBox) private readonly box: SecretBox,
  ) {}

  async read(principal: Principal, endpointId: string): Promise<string> {
    await this.endpoints.getManageable(principal, endpointId);
    const secret = await currentSecret(this.database.orm, this.box, endpointId);
    if (!secret) throw new NotFoundError(`secret of endpoint ${endpointId}`);
    return secret;
  }

  /** A new secret, and when the previous one stops signing (null if there was none). */
  async rotate(principal: Principal, endpointId: string, overlapMs: number): Promise<{ secret: string; previousExpiresAt: Date | null }> {
    await this.endpoints.getManageable(principal, endpointId);
    const secret = generateSecret();
    const previousExpiresAt = await this.database.orm.transaction(async (tx) => {
      const retired = await addSecret(tx, this.box, endpointId, secret, overlapMs);
      // Every replica's directory reloads, so that deliveries sign with the new secret at once.
      await bumpRevision(tx);
      return retired;
    });
    return { secret, previousExpiresAt };
  }
}
