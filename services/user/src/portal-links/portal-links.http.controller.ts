import { Controller, Inject, Post, Req } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '@ops/auth';
import { ApiTags, Returns, ValidBody } from '@ops/http';
import { portalLinkResponse } from '../user.responses.js';
import { mintPortalLinkRequest, type MintPortalLinkRequest } from './portal-link.requests.js';
import { PortalLinksService } from './portal-links.service.js';

@ApiTags('portal')
@Controller('auth/portal-links')
export class PortalLinksController {
  constructor(@Inject(PortalLinksService) private readonly links: PortalLinksService) {}

  /**
   * The token travels in the URL's fragment (`path`), which browsers never send to a server: it stays out of
   * access logs and Referer headers. The caller's own token asks the organization service for their role (read
   * from the request: the guard has verified it).
   */
  @Post()
  @Returns(201, portalLinkResponse)
  async mint(
    @CurrentPrincipal() principal: Principal,
    @ValidBody(mintPortalLinkRequest) body: MintPortalLinkRequest,
    @Req() request: { headers: { authorization: string } },
  ) {
    const link = await this.links.mint(principal, body.org_id, request.headers.authorization.replace(/^Bearer\s+/i, ''));
    return { org_id: link.orgId, token: link.token, path: `/console/#/portal/${link.token}`, expires_at: link.expiresAt.toISOString() };
  }
}
