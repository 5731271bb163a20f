import { Controller, Headers, Inject, Post, Req } from '@nestjs/common';
import { ApiBody, ApiTags, ForbiddenError, Public, Returns, UnauthenticatedError, ValidationError } from '@ops/http';
import { providerWebhookResponse } from '../subscription.responses.js';
import { handledTypes, type HandledType } from './provider-event.js';
import { PaymentsService } from './payments.service.js';
import { verifyProviderEvent, type PaymentWebhookSettings } from './verify-provider-event.js';

export const PAYMENT_WEBHOOK = Symbol('PAYMENT_WEBHOOK');
export type { PaymentWebhookSettings };

/**
 * The payment provider's webhooks (Stripe's format), verified over the raw bytes received. A signed timestamp
 * outside the tolerance is refused, and an event id seen before changes nothing: a captured request cannot be
 * replayed.
 */
@ApiTags('billing')
@Controller('api/v1/billing/provider-webhooks')
export class ProviderWebhookController {
  constructor(
    @Inject(PaymentsService) private readonly payments: PaymentsService,
    @Inject(PAYMENT_WEBHOOK) private readonly settings: PaymentWebhookSettings,
  ) {}

  @Public()
  @Post()
  // Read as raw bytes (the signature covers them), so no pipe: documented here as what Stripe sends.
  @ApiBody({
    description: 'A Stripe event, signed in the Stripe-Signature header',
    schema: {
      type: 'object',
      required: ['id', 'type', 'data'],
      properties: {
        id: { type: 'string' },
        type: { type: 'string' },
        data: { type: 'object', required: ['object'], properties: { object: { type: 'object' } } },
      },
    },
  })
  @Returns(200, providerWebhookResponse)
  async receive(@Req() request: { rawBody?: Buffer }, @Headers('stripe-signature') signature: string | undefined) {
    const { secret } = this.settings;
    if (!secret) throw new ForbiddenError('payment webhooks are not accepted here: PAYMENT_WEBHOOK_SECRET is not set');
    if (!signature) throw new UnauthenticatedError('Stripe-Signature header is required');
    // Signatures are about wall time, whatever clock billing runs on.
    const event = verifyProviderEvent(request.rawBody ?? Buffer.alloc(0), signature, { ...this.settings, secret }, Date.now());
    // Own keys only: a type named `constructor` or `toString` is just another type we do not handle.
    if (!Object.hasOwn(handledTypes, event.type)) return { received: true, handled: false };
    const schema = handledTypes[event.type as HandledType];
    const object = schema.safeParse(event.data.object);
    if (!object.success)
      throw new ValidationError(object.error.issues.map((i) => ({ path: ['data', 'object', ...i.path].join('.'), message: i.message })));
    const applied = await this.payments.apply(event.id, event.type as HandledType, object.data);
    return { received: true, handled: true, duplicate: !applied };
  }
}
