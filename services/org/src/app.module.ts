import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard, MEMBERSHIPS, TokenVerifier } from '@ops/auth';
import { type DocumentedApi, openApiController } from '@ops/http';
import { outboxController, type Runtime, RuntimeModule } from '@ops/runtime';
import { KnownUsersController } from './members/known-users.jetstream.controller.js';
import { KnownUsersService } from './members/known-users.service.js';
import { MembersController } from './members/members.http.controller.js';
import { MembersService } from './members/members.service.js';
import { OwnMemberships } from './members/own-memberships.js';
import { OrganizationsController } from './organizations/organizations.http.controller.js';
import { OrganizationsService } from './organizations/organizations.service.js';

const controllers = [OrganizationsController, MembersController, KnownUsersController, outboxController('org')];
/** What `GET /openapi.json` documents, and what `pnpm api:client` builds the committed document from. */
export const orgApi: DocumentedApi = {
  info: { title: 'Organization service', version: '0.1.0', description: 'Organizations, members and roles.' },
  controllers,
};
const openApi = openApiController(orgApi);
const providers = [OrganizationsService, MembersService, KnownUsersService, { provide: APP_GUARD, useClass: AuthGuard }];

@Module({})
export class OrgAppModule {
  static with(runtime: Runtime, verifier: TokenVerifier): DynamicModule {
    return {
      module: OrgAppModule,
      imports: [RuntimeModule.forRoot(runtime)],
      controllers: [...controllers, openApi],
      providers: [
        ...providers,
        { provide: TokenVerifier, useValue: verifier },
        { provide: MEMBERSHIPS, useValue: new OwnMemberships(runtime.database) },
      ],
    };
  }
}
