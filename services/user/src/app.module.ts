import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard, TokenIssuer, TokenVerifier } from '@ops/auth';
import { type DocumentedApi, openApiController } from '@ops/http';
import { outboxController, type Runtime, RuntimeModule } from '@ops/runtime';
import { AccountsController } from './accounts/accounts.http.controller.js';
import { ACCOUNT_SETTINGS, AccountsService, MAILER, type AccountSettings } from './accounts/accounts.service.js';
import { AdminUsersController } from './admin/admin-users.http.controller.js';
import { AdminUsersService } from './admin/admin-users.service.js';
import { OrganizationDirectory } from './portal-links/organization-directory.js';
import { PortalLinksController } from './portal-links/portal-links.http.controller.js';
import { PORTAL_SETTINGS, PortalLinksService, type PortalSettings } from './portal-links/portal-links.service.js';
import { ProfileController } from './profile/profile.http.controller.js';
import { ProfileService } from './profile/profile.service.js';
import { LoginLimiter } from './sessions/login-limiter.js';
import { JwksController } from './tokens/jwks.http.controller.js';
import type { Mailer } from './verification/mailer.js';

const controllers = [
  AccountsController,
  PortalLinksController,
  ProfileController,
  AdminUsersController,
  JwksController,
  outboxController('user'),
];
/** What `GET /openapi.json` documents, and what `pnpm api:client` builds the committed document from. */
export const userApi: DocumentedApi = {
  info: { title: 'User service', version: '0.1.0', description: 'Accounts, sessions, profiles and tokens.' },
  controllers,
};
const openApi = openApiController(userApi);
const providers = [AccountsService, PortalLinksService, ProfileService, AdminUsersService, { provide: APP_GUARD, useClass: AuthGuard }];

@Module({})
export class UserAppModule {
  static with(parts: {
    runtime: Runtime;
    issuer: TokenIssuer;
    verifier: TokenVerifier;
    limiter: LoginLimiter;
    mailer: Mailer;
    settings: AccountSettings;
    organizations: OrganizationDirectory;
    portal: PortalSettings;
  }): DynamicModule {
    return {
      module: UserAppModule,
      imports: [RuntimeModule.forRoot(parts.runtime)],
      controllers: [...controllers, openApi],
      providers: [
        ...providers,
        { provide: TokenIssuer, useValue: parts.issuer },
        { provide: TokenVerifier, useValue: parts.verifier },
        { provide: LoginLimiter, useValue: parts.limiter },
        { provide: MAILER, useValue: parts.mailer },
        { provide: ACCOUNT_SETTINGS, useValue: parts.settings },
        { provide: OrganizationDirectory, useValue: parts.organizations },
        { provide: PORTAL_SETTINGS, useValue: parts.portal },
      ],
    };
  }
}
