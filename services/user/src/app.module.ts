import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard, TokenIssuer, TokenVerifier } from '@ops/auth';
import { RuntimeModule, type Runtime } from '@ops/runtime';
import { AccountsController } from './accounts/accounts.http.controller.js';
import { AccountsService } from './accounts/accounts.service.js';
import { JwksController } from './tokens/jwks.http.controller.js';

const controllers = [AccountsController, JwksController];
const providers = [AccountsService, { provide: APP_GUARD, useClass: AuthGuard }];

@Module({})
export class UserAppModule {
  static with(runtime: Runtime, issuer: TokenIssuer, verifier: TokenVerifier): DynamicModule {
    return {
      module: UserAppModule,
      imports: [RuntimeModule.forRoot(runtime)],
      controllers,
      providers: [...providers, { provide: TokenIssuer, useValue: issuer }, { provide: TokenVerifier, useValue: verifier }],
    };
  }
}
