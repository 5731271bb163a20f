import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard, TokenVerifier } from '@ops/auth';
import type { ReadinessCheck } from '@ops/http';
import { RuntimeModule, type Runtime } from '@ops/runtime';
import type { Batcher } from './batcher.js';
import { DestinationPolicy } from './delivery/destination-policy.js';
import { CatalogController } from './catalog/catalog.http.controller.js';
import { DeliveriesController } from './deliveries/deliveries.http.controller.js';
import { EndpointsController } from './endpoints/endpoints.http.controller.js';
import { EndpointsService } from './endpoints/endpoints.service.js';
import { INGEST_BATCHER, IngestController } from './ingest/ingest.jetstream.controller.js';
import type { ReceivedEvent } from './ingest/record-deliveries.js';

// CatalogController before EndpointsController: `events/available` must not be read as an endpoint id.
const controllers = [CatalogController, EndpointsController, DeliveriesController, IngestController];
const providers = [EndpointsService, { provide: APP_GUARD, useClass: AuthGuard }];

@Module({})
export class WebhookAppModule {
  static with(
    runtime: Runtime,
    verifier: TokenVerifier,
    ingest: Batcher<ReceivedEvent>,
    destinations: DestinationPolicy,
    checks: Record<string, ReadinessCheck>,
  ): DynamicModule {
    return {
      module: WebhookAppModule,
      imports: [RuntimeModule.forRoot(runtime, checks)],
      controllers,
      providers: [...providers, { provide: TokenVerifier, useValue: verifier }, { provide: INGEST_BATCHER, useValue: ingest }, { provide: DestinationPolicy, useValue: destinations }],
    };
  }
}
