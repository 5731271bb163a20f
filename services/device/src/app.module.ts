import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard, MEMBERSHIPS, TokenVerifier, type Memberships } from '@ops/auth';
import { type DocumentedApi, openApiController } from '@ops/http';
import { type Clock, outboxController, type Runtime, RuntimeModule } from '@ops/runtime';
import { AlertRules } from './alerts/alert-rules.js';
import { AlertRulesController } from './alerts/alert-rules.http.controller.js';
import { DeletedOrganizationsController } from './devices/deleted-organizations.jetstream.controller.js';
import { DevicesController } from './devices/devices.http.controller.js';
import { AlertRulesService } from './alerts/alert-rules.service.js';
import { CLOCK, DevicesService } from './devices/devices.service.js';
import { HeartbeatsController } from './heartbeats/heartbeats.http.controller.js';
import { Presence } from './heartbeats/presence.js';

// Heartbeat and alert rules first: `heartbeat` and `alert-rules` must not be read as device ids.
const controllers = [
  HeartbeatsController,
  AlertRulesController,
  DevicesController,
  DeletedOrganizationsController,
  outboxController('device'),
];
/** What `GET /openapi.json` documents, and what `pnpm api:client` builds the committed document from. */
export const deviceApi: DocumentedApi = {
  info: { title: 'Device service', version: '0.1.0', description: 'Edge devices, heartbeats and alert rules.' },
  controllers,
};
const openApi = openApiController(deviceApi);
const providers = [DevicesService, AlertRulesService, { provide: APP_GUARD, useClass: AuthGuard }];

@Module({})
export class DeviceAppModule {
  static with(parts: {
    runtime: Runtime;
    verifier: TokenVerifier;
    memberships: Memberships | undefined;
    clock: Clock;
    presence: Presence;
    rules: AlertRules;
  }): DynamicModule {
    return {
      module: DeviceAppModule,
      imports: [RuntimeModule.forRoot(parts.runtime)],
      controllers: [...controllers, openApi],
      providers: [
        ...providers,
        { provide: TokenVerifier, useValue: parts.verifier },
        ...(parts.memberships ? [{ provide: MEMBERSHIPS, useValue: parts.memberships }] : []),
        { provide: CLOCK, useValue: parts.clock },
        { provide: Presence, useValue: parts.presence },
        { provide: AlertRules, useValue: parts.rules },
      ],
    };
  }
}
