import { Controller, Delete, Get, HttpCode, Inject, Patch, Post } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '@ops/auth';
import { ValidBody, ValidParams } from '@ops/http';
import { organizationParams } from '../organizations/organization.requests.js';
import { addMemberRequest, memberParams, updateMemberRequest, type AddMemberRequest, type UpdateMemberRequest } from './member.requests.js';
import { memberView } from './member.view.js';
import { MembersService } from './members.service.js';

@Controller('api/v1/org/:id/members')
export class MembersController {
  constructor(@Inject(MembersService) private readonly members: MembersService) {}

  @Get()
  async list(@CurrentPrincipal() principal: Principal, @ValidParams(organizationParams) params: { id: string }) {
    return { data: (await this.members.list(principal, params.id)).map(memberView) };
  }

  @Post()
  @HttpCode(201)
  async add(@CurrentPrincipal() principal: Principal, @ValidParams(organizationParams) params: { id: string }, @ValidBody(addMemberRequest) body: AddMemberRequest) {
    return memberView(await this.members.add(principal, params.id, body));
  }

  @Patch(':userId')
  async changeRole(
    @CurrentPrincipal() principal: Principal,
    @ValidParams(memberParams) params: { id: string; userId: string },
    @ValidBody(updateMemberRequest) body: UpdateMemberRequest,
  ) {
    return memberView(await this.members.changeRole(principal, params.id, params.userId, body.role));
  }

  /** Removes a member; members may remove themselves (leave). */
  @Delete(':userId')
  @HttpCode(204)
  async remove(@CurrentPrincipal() principal: Principal, @ValidParams(memberParams) params: { id: string; userId: string }) {
    await this.members.remove(principal, params.id, params.userId);
  }
}
