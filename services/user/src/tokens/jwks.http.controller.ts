import { Controller, Get, Inject } from '@nestjs/common';
import { TokenIssuer } from '@ops/auth';
import { Public } from '@ops/http';

/** Other services fetch this to verify access tokens without calling us per request. */
@Controller('.well-known')
export class JwksController {
  constructor(@Inject(TokenIssuer) private readonly issuer: TokenIssuer) {}

  @Public()
  @Get('jwks.json')
  jwks() {
    return this.issuer.jwks();
  }
}
