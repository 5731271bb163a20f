import { Controller, Get, Inject, Post, Req } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '@ops/auth';
import { ApiTags, Public, Returns, ValidBody } from '@ops/http';
import { sessionResponse, userResponse } from '../user.responses.js';
import { loginRequest, registerRequest, type LoginRequest, type RegisterRequest } from './accounts.requests.js';
import { AccountsService } from './accounts.service.js';
import { userView } from './user.view.js';

@ApiTags('accounts')
@Controller('auth')
export class AccountsController {
  constructor(@Inject(AccountsService) private readonly accounts: AccountsService) {}

  @Public()
  @Post('register')
  @Returns(201, userResponse)
  async register(@ValidBody(registerRequest) body: RegisterRequest) {
    return userView(await this.accounts.register(body));
  }

  /** `request.ip` is the caller's address: the gateway's `X-Forwarded-For` when it comes through TRUST_PROXY. */
  @Public()
  @Post('login/password')
  @Returns(200, sessionResponse)
  async login(@ValidBody(loginRequest) body: LoginRequest, @Req() request: { ip: string }) {
    const { user, token } = await this.accounts.login(body, request.ip);
    return { access_token: token.accessToken, token_type: 'Bearer', expires_in: token.expiresInSeconds, user: userView(user) };
  }

  @Get('me')
  @Returns(200, userResponse)
  async me(@CurrentPrincipal() principal: Principal) {
    return userView(await this.accounts.get(principal.userId));
  }

  @Post('logout')
  @Returns(204)
  async logout(@CurrentPrincipal() principal: Principal) {
    await this.accounts.logout(principal);
  }
}
