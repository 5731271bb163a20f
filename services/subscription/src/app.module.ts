import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard, TokenVerifier } from '@ops/auth';
import { type DocumentedApi, openApiController } from '@ops/http';
import { type Clock, outboxController, type Runtime, RuntimeModule } from '@ops/runtime';
import { PAYMENT_WEBHOOK, ProviderWebhookController, type PaymentWebhookSettings } from './payments/provider-webhook.http.controller.js';
import { PaymentsService } from './payments/payments.service.js';
import { OrganizationsController } from './subscriptions/organizations.jetstream.controller.js';
import { AdminSubscriptionsController, OwnSubscriptionController } from './subscriptions/subscriptions.http.controller.js';
import { BILLING_SETTINGS, CLOCK, SubscriptionsService, type BillingSettings } from './subscriptions/subscriptions.service.js';
import { UsersController } from './subscriptions/users.jetstream.controller.js';

const controllers = [
  OwnSubscriptionController,
  AdminSubscriptionsController,
  ProviderWebhookController,
  UsersController,
  OrganizationsController,
  outboxController('subscription'),
];
/** What `GET /openapi.json` documents, and what `pnpm api:client` builds the committed document from. */
export const subscriptionApi: DocumentedApi = {
  info: { title: 'Subscription service', version: '0.1.0', description: 'Subscriptions, invoices and payments.' },
  controllers,
};
const openApi = openApiController(subscriptionApi);
const providers = [SubscriptionsService, PaymentsService, { provide: APP_GUARD, useClass: AuthGuard }];

@Module({})
export class SubscriptionAppModule {
  static with(parts: {
    runtime: Runtime;
    verifier: TokenVerifier;
    clock: Clock;
    billing: BillingSettings;
    paymentWebhook: PaymentWebhookSettings;
  }): DynamicModule {
    return {
      module: SubscriptionAppModule,
      imports: [RuntimeModule.forRoot(parts.runtime)],
      controllers: [...controllers, openApi],
      providers: [
        ...providers,
        { provide: TokenVerifier, useValue: parts.verifier },
        { provide: CLOCK, useValue: parts.clock },
        { provide: BILLING_SETTINGS, useValue: parts.billing },
        { provide: PAYMENT_WEBHOOK, useValue: parts.paymentWebhook },
      ],
    };
  }
}
