import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard, MEMBERSHIPS, TokenVerifier, type Memberships } from '@ops/auth';
import { type DocumentedApi, openApiController, type ReadinessCheck } from '@ops/http';
import { DeadLetters, StreamReader } from '@ops/messaging';
import { outboxController, type Runtime, RuntimeModule } from '@ops/runtime';
import type { Batcher } from './batcher.js';
import { DestinationPolicy } from './dispatch/destination-policy.js';
import { CatalogController } from './catalog/catalog.http.controller.js';
import { DeadLettersController } from './dead-letters/dead-letters.http.controller.js';
import { DeliveriesController } from './delivery-log/deliveries.http.controller.js';
import { DeliveryLogService } from './delivery-log/delivery-log.service.js';
import { EventDeliveriesController } from './delivery-log/event-deliveries.http.controller.js';
import { RecoverController } from './delivery-log/recover.http.controller.js';
import { EndpointsController } from './endpoints/endpoints.http.controller.js';
import { EndpointsService } from './endpoints/endpoints.service.js';
import { EndpointStatsController } from './endpoint-stats/endpoint-stats.http.controller.js';
import { EndpointStatsService } from './endpoint-stats/endpoint-stats.service.js';
import { INGEST_BATCHER, IngestController } from './ingest/ingest.jetstream.controller.js';
import { DeletedOrganizationsController } from './organizations/deleted-organizations.jetstream.controller.js';
import { PlatformStatusController } from './platform-status/platform-status.http.controller.js';
import { PlatformStatusService } from './platform-status/platform-status.service.js';
import { ReplaysController } from './replays/replays.http.controller.js';
import { ReplaysService } from './replays/replays.service.js';
import { SecretBox } from './secrets/secret-box.js';
import { SecretsController } from './secrets/secrets.http.controller.js';
import { SecretsService } from './secrets/secrets.service.js';
import { TestEventController } from './test-event/test-event.http.controller.js';
import { TestEventService } from './test-event/test-event.service.js';
import { Sender } from './dispatch/send-request.js';
import { EndpointDirectory } from './endpoints/endpoint-directory.js';
import type { ReceivedEvent } from './delivery-store/index.js';

// CatalogController, EventDeliveriesController, ReplaysController, DeadLettersController before EndpointsController:
// `events/available`, `events/{id}/deliveries`, `replays` and `dead-letters` must not be read as endpoint ids.
const controllers = [
  CatalogController,
  EventDeliveriesController,
  ReplaysController,
  DeadLettersController,
  EndpointsController,
  EndpointStatsController,
  SecretsController,
  TestEventController,
  DeliveriesController,
  RecoverController,
  IngestController,
  DeletedOrganizationsController,
  PlatformStatusController,
  outboxController('webhook'),
];
/** What `GET /openapi.json` documents, and what `pnpm api:client` builds the committed document from. */
export const webhookApi: DocumentedApi = {
  info: { title: 'Webhook service', version: '0.1.0', description: 'Endpoints, deliveries, attempts and replays.' },
  controllers,
};
const openApi = openApiController(webhookApi);
const providers = [
  EndpointsService,
  EndpointStatsService,
  PlatformStatusService,
  ReplaysService,
  DeliveryLogService,
  SecretsService,
  TestEventService,
  { provide: APP_GUARD, useClass: AuthGuard },
];

@Module({})
export class WebhookAppModule {
  static with(parts: {
    runtime: Runtime;
    verifier: TokenVerifier;
    memberships: Memberships | undefined;
    ingest: Batcher<ReceivedEvent>;
    destinations: DestinationPolicy;
    box: SecretBox;
    directory: EndpointDirectory;
    sender: Sender;
    reader: StreamReader;
    deadLetters: DeadLetters;
    checks: Record<string, ReadinessCheck>;
  }): DynamicModule {
    return {
      module: WebhookAppModule,
      imports: [RuntimeModule.forRoot(parts.runtime, parts.checks)],
      controllers: [...controllers, openApi],
      providers: [
        ...providers,
        { provide: TokenVerifier, useValue: parts.verifier },
        ...(parts.memberships ? [{ provide: MEMBERSHIPS, useValue: parts.memberships }] : []),
        { provide: INGEST_BATCHER, useValue: parts.ingest },
        { provide: DestinationPolicy, useValue: parts.destinations },
        { provide: SecretBox, useValue: parts.box },
        { provide: EndpointDirectory, useValue: parts.directory },
        { provide: Sender, useValue: parts.sender },
        { provide: StreamReader, useValue: parts.reader },
        { provide: DeadLetters, useValue: parts.deadLetters },
      ],
    };
  }
}
