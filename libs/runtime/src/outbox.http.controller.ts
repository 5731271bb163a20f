import { Controller, Get, Inject, Post, type Type } from '@nestjs/common';
import { CurrentPrincipal, isPlatformAdmin, type Principal } from '@ops/auth';
import { ApiOperation, ApiTags, ForbiddenError, Returns, ValidationError, ValidBody } from '@ops/http';
import type { OutboxRelay, OutboxVerifier } from '@ops/outbox';
import { z } from 'zod';

/** Injection token of the service's outbox verifier. */
export const OUTBOX_VERIFIER = Symbol('OUTBOX_VERIFIER');
/** Injection token of the service's outbox relay. */
export const OUTBOX_RELAY = Symbol('OUTBOX_RELAY');

const republishRequest = z.strictObject({
  /** Every event published since then is published again. */
  since: z.iso.datetime({ offset: true }),
});

/** `checked`: whether the window held published rows at all; `lost`: those the stream no longer holds, marked to publish again. */
const verifyResponse = z.object({ service: z.string(), checked: z.boolean(), lost: z.number().int() });
const republishResponse = z.object({ service: z.string(), republished: z.number().int() });
/** `oldest_unpublished_age_ms`: 0 when nothing waits. */
const statusResponse = z.object({ service: z.string(), unpublished: z.number().int(), oldest_unpublished_age_ms: z.number().int() });

/**
 * `/api/v1/admin/outbox/<service>`: platform administrators see how far behind the relay is, check that the
 * stream still holds what this service published, and republish from the outbox (`opsctl outbox
 * verify|republish`). One per service, so that the gateway routes each to its owner.
 */
export function outboxController(service: string): Type<unknown> {
  @ApiTags('outbox')
  @Controller(`api/v1/admin/outbox/${service}`)
  class OutboxController {
    constructor(
      @Inject(OUTBOX_VERIFIER) private readonly verifier: OutboxVerifier,
      @Inject(OUTBOX_RELAY) private readonly relay: OutboxRelay,
    ) {}

    /** Events committed and not yet published, and how long the oldest has waited. */
    @Get()
    @Returns(200, statusResponse)
    @ApiOperation({ operationId: `${service}OutboxStatus` })
    async status(@CurrentPrincipal() principal: Principal): Promise<z.infer<typeof statusResponse>> {
      adminOnly(principal);
      const lag = await this.relay.lag();
      return { service, unpublished: lag.pending, oldest_unpublished_age_ms: Math.round(lag.oldestAgeMs) };
    }

    @Post('verify')
    @Returns(200, verifyResponse)
    // Every service has this controller: the service in the id keeps ids unique in the gateway's merged document.
    @ApiOperation({ operationId: `${service}OutboxVerify` })
    async verify(@CurrentPrincipal() principal: Principal): Promise<z.infer<typeof verifyResponse>> {
      adminOnly(principal);
      const { checked, lost } = await this.verifier.verify();
      return { service, checked, lost };
    }

    @Post('republish')
    @Returns(200, republishResponse)
    @ApiOperation({ operationId: `${service}OutboxRepublish` })
    async republish(
      @CurrentPrincipal() principal: Principal,
      @ValidBody(republishRequest) body: z.infer<typeof republishRequest>,
    ): Promise<z.infer<typeof republishResponse>> {
      adminOnly(principal);
      const since = new Date(body.since);
      if (since.getTime() > Date.now())
        throw new ValidationError([{ path: 'since', message: 'in the future: nothing was published since then' }]);
      return { service, republished: await this.verifier.republishSince(since) };
    }
  }
  return OutboxController;
}

function adminOnly(principal: Principal): void {
  if (!isPlatformAdmin(principal)) throw new ForbiddenError('platform administrators only');
}
