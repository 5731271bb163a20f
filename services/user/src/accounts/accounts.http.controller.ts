import { Controller, Get, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '@ops/auth';
import { Public, ValidBody } from '@ops/http';
import { loginRequest, registerRequest, type LoginRequest, type RegisterRequest } from './accounts.requests.js';
import { AccountsService } from './accounts.service.js';
import { userView } from './user.view.js';

@Controller('auth')
export class AccountsController {
  constructor(@Inject(AccountsService) private readonly accounts: AccountsService) {}

  @Public()
  @Post('register')
  @HttpCode(201)
  async register(@ValidBody(registerRequest) body: RegisterRequest) {
    return userView(await this.accounts.register(body));
  }

  /** `request.ip` is the caller's address: the gateway's `X-Forwarded-For` when it comes through TRUST_PROXY. */
  @Public()
  @Post('login/password')
  @HttpCode(200)
  async login(@ValidBody(loginRequest) body: LoginRequest, @Req() request: { ip: string }) {
    const { user, token } = await this.accounts.login(body, request.ip);
    return { access_token: token.accessToken, token_type: 'Bearer', expires_in: token.expiresInSeconds, user: userView(user) };
  }

  @Get('me')
  async me(@CurrentPrincipal() principal: Principal) {
    return userView(await this.accounts.get(principal.userId));
  }

  @Post('logout')
  @HttpCode(204)
  async logout(@CurrentPrincipal() principal: Principal) {
    await this.accounts.logout(principal);
  }
}
