import { Controller, Headers, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ForbiddenError, Public, UnauthenticatedError, ValidationError } from '@ops/http';
import Stripe from 'stripe';
import { handledTypes, type HandledType } from './provider-event.js';
import { PaymentsService } from './payments.service.js';

export const PAYMENT_WEBHOOK = Symbol('PAYMENT_WEBHOOK');

export interface PaymentWebhookSettings {
  /** Unset: every provider webhook is refused (403), rather than trusted unsigned. */
  secret: string | undefined;
  toleranceSeconds: number;
}

/**
 * The payment provider's webhooks (Stripe's format). The signature is checked over the raw bytes received,
 * with Stripe's own library: a body re-serialized by a parser would not verify. A signed timestamp older than
 * the tolerance is refused, and an event id seen before changes nothing: a captured request cannot be replayed.
 */
@Controller('api/v1/billing/provider-webhooks')
export class ProviderWebhookController {
  constructor(
    @Inject(PaymentsService) private readonly payments: PaymentsService,
    @Inject(PAYMENT_WEBHOOK) private readonly settings: PaymentWebhookSettings,
  ) {}

  @Public()
  @Post()
  @HttpCode(200)
  async receive(@Req() request: { rawBody?: Buffer }, @Headers('stripe-signature') signature: string | undefined) {
    if (!this.settings.secret) throw new ForbiddenError('payment webhooks are not accepted here: PAYMENT_WEBHOOK_SECRET is not set');
    if (!signature) throw new UnauthenticatedError('Stripe-Signature header is required');
    let event: { id: string; type: string; data: { object: unknown } };
    try {
      event = Stripe.webhooks.constructEvent(request.rawBody ?? Buffer.alloc(0), signature, this.settings.secret, this.settings.toleranceSeconds) as typeof event;
    } catch (err) {
      throw new UnauthenticatedError(`Stripe-Signature: ${err instanceof Error ? err.message : 'does not verify'}`);
    }
    const schema = handledTypes[event.type as HandledType];
    if (!schema) return { received: true, handled: false };
    const object = schema.safeParse(event.data?.object);
    if (!object.success) throw new ValidationError(object.error.issues.map((i) => ({ path: ['data', 'object', ...i.path].join('.'), message: i.message })));
    const applied = await this.payments.apply(event.id, event.type as HandledType, object.data);
    return { received: true, handled: true, duplicate: !applied };
  }
}
