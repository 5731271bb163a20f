import { Controller, Delete, Get, Inject, Patch, Post } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '@ops/auth';
import { ApiTags, Returns, ValidBody, ValidParams } from '@ops/http';
import { membershipsResponse, organizationResponse, organizationsResponse } from '../org.responses.js';
import {
  createOrganizationRequest,
  organizationParams,
  updateOrganizationRequest,
  type CreateOrganizationRequest,
  type UpdateOrganizationRequest,
} from './organization.requests.js';
import { organizationView } from './organization.view.js';
import { OrganizationsService, type Organization } from './organizations.service.js';

const view = (o: Organization) => organizationView(o.row, o.owner, o.memberCount);

/** The old design's `/api/v1/org`: create, read, rename or change plan, delete. */
@ApiTags('organizations')
@Controller('api/v1/org')
export class OrganizationsController {
  constructor(@Inject(OrganizationsService) private readonly organizations: OrganizationsService) {}

  @Post()
  @Returns(201, organizationResponse)
  async create(@CurrentPrincipal() principal: Principal, @ValidBody(createOrganizationRequest) body: CreateOrganizationRequest) {
    return view(await this.organizations.create(principal, body));
  }

  @Get()
  @Returns(200, organizationsResponse)
  async list(@CurrentPrincipal() principal: Principal) {
    return { data: (await this.organizations.list(principal)).map(view) };
  }

  /** The caller's roles by organization: what the other services' guards ask for. */
  @Get('memberships')
  @Returns(200, membershipsResponse)
  memberships(@CurrentPrincipal() principal: Principal) {
    return { memberships: principal.orgs };
  }

  @Get(':id')
  @Returns(200, organizationResponse)
  async get(@CurrentPrincipal() principal: Principal, @ValidParams(organizationParams) params: { id: string }) {
    return view(await this.organizations.get(principal, params.id));
  }

  @Patch(':id')
  @Returns(200, organizationResponse)
  async update(
    @CurrentPrincipal() principal: Principal,
    @ValidParams(organizationParams) params: { id: string },
    @ValidBody(updateOrganizationRequest) body: UpdateOrganizationRequest,
  ) {
    return view(await this.organizations.update(principal, params.id, body));
  }

  @Delete(':id')
  @Returns(204)
  async delete(@CurrentPrincipal() principal: Principal, @ValidParams(organizationParams) params: { id: string }) {
    await this.organizations.delete(principal, params.id);
  }
}
