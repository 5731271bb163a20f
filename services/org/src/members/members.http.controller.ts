import { Controller, Delete, Get, Inject, Patch, Post } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '@ops/auth';
import { ApiTags, Returns, ValidBody, ValidParams } from '@ops/http';
import { memberResponse, membersResponse } from '../org.responses.js';
import { organizationParams } from '../organizations/organization.requests.js';
import { addMemberRequest, memberParams, updateMemberRequest, type AddMemberRequest, type UpdateMemberRequest } from './member.requests.js';
import { memberView } from './member.view.js';
import { MembersService } from './members.service.js';

@ApiTags('members')
@Controller('api/v1/org/:id/members')
export class MembersController {
  constructor(@Inject(MembersService) private readonly members: MembersService) {}

  @Get()
  @Returns(200, membersResponse)
  async list(@CurrentPrincipal() principal: Principal, @ValidParams(organizationParams) params: { id: string }) {
    return { data: (await this.members.list(principal, params.id)).map(memberView) };
  }

  @Post()
  @Returns(201, memberResponse)
  async add(
    @CurrentPrincipal() principal: Principal,
    @ValidParams(organizationParams) params: { id: string },
    @ValidBody(addMemberRequest) body: AddMemberRequest,
  ) {
    return memberView(await this.members.add(principal, params.id, body));
  }

  @Patch(':userId')
  @Returns(200, memberResponse)
  async changeRole(
    @CurrentPrincipal() principal: Principal,
    @ValidParams(memberParams) params: { id: string; userId: string },
    @ValidBody(updateMemberRequest) body: UpdateMemberRequest,
  ) {
    return memberView(await this.members.changeRole(principal, params.id, params.userId, body.role));
  }

  /** Removes a member; members may remove themselves (leave). */
  @Delete(':userId')
  @Returns(204)
  async remove(@CurrentPrincipal() principal: Principal, @ValidParams(memberParams) params: { id: string; userId: string }) {
    await this.members.remove(principal, params.id, params.userId);
  }
}
