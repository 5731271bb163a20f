import { Controller, Get, Inject } from '@nestjs/common';
import { TokenIssuer } from '@ops/auth';
import { ApiTags, Public, Returns } from '@ops/http';
import { jwksResponse } from '../user.responses.js';

/** Other services fetch this to verify access tokens without calling us per request. */
@ApiTags('accounts')
@Controller('.well-known')
export class JwksController {
  constructor(@Inject(TokenIssuer) private readonly issuer: TokenIssuer) {}

  @Public()
  @Get('jwks.json')
  @Returns(200, jwksResponse)
  jwks() {
    return this.issuer.jwks();
  }
}
