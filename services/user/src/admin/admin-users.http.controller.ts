import { Controller, Delete, Get, Inject, Patch } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '@ops/auth';
import { ApiTags, page, Returns, ValidBody, ValidParams, ValidQuery } from '@ops/http';
import {
  adminUpdateUserRequest,
  listUsersQuery,
  userParams,
  type AdminUpdateUserRequest,
  type ListUsersQuery,
} from '../accounts/accounts.requests.js';
import { userView } from '../accounts/user.view.js';
import { userResponse } from '../user.responses.js';
import { AdminUsersService } from './admin-users.service.js';

/** Accounts, for platform administrators. */
@ApiTags('users (administration)')
@Controller('api/v1/admin/users')
export class AdminUsersController {
  constructor(@Inject(AdminUsersService) private readonly admin: AdminUsersService) {}

  @Get()
  @Returns(200, page(userResponse))
  async list(@CurrentPrincipal() principal: Principal, @ValidQuery(listUsersQuery) query: ListUsersQuery) {
    const rows = await this.admin.list(principal, query);
    return { data: rows.map(userView), next_cursor: rows.length === query.limit ? rows.at(-1)!.id : null };
  }

  @Get(':id')
  @Returns(200, userResponse)
  async get(@CurrentPrincipal() principal: Principal, @ValidParams(userParams) params: { id: string }) {
    return userView(await this.admin.get(principal, params.id));
  }

  @Patch(':id')
  @Returns(200, userResponse)
  async update(
    @CurrentPrincipal() principal: Principal,
    @ValidParams(userParams) params: { id: string },
    @ValidBody(adminUpdateUserRequest) body: AdminUpdateUserRequest,
  ) {
    return userView(await this.admin.update(principal, params.id, body));
  }

  @Delete(':id')
  @Returns(204)
  async delete(@CurrentPrincipal() principal: Principal, @ValidParams(userParams) params: { id: string }) {
    await this.admin.delete(principal, params.id);
  }
}
