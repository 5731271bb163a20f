import { Inject, Injectable } from '@nestjs/common';
import { canManageOrg, isPlatformAdmin, type Principal } from '@ops/auth';
import type { Database, Tx } from '@ops/db';
import { ConflictError, ForbiddenError, NotFoundError } from '@ops/http';
import { DATABASE } from '@ops/runtime';
import { and, asc, eq, sql } from 'drizzle-orm';
import { memberRemoved, organizationEvents } from '../organization-events.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import { knownUsers, members, organizations, type MemberRole, type MemberRow } from '../schema.js';
import type { AddMemberRequest } from './member.requests.js';

/**
 * Members and roles. Owners and admins add and remove members; only owners grant, change or take away
 * ownership; anyone may leave; an organization always keeps one owner. Changes to one organization's members
 * are serialized (its row is locked), so two owners demoting each other cannot leave it with none.
 */
@Injectable()
export class MembersService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(OrganizationsService) private readonly organizations: OrganizationsService,
  ) {}

  async list(principal: Principal, orgId: string): Promise<MemberRow[]> {
    await this.organizations.get(principal, orgId);
    return this.database.orm.select().from(members).where(eq(members.orgId, orgId)).orderBy(asc(members.addedAt), asc(members.userId));
  }

  async add(principal: Principal, orgId: string, input: AddMemberRequest): Promise<MemberRow> {
    await this.organizations.get(principal, orgId);
    this.mayManage(principal, orgId, input.role);
    const [user] = await this.database.orm.select().from(knownUsers).where(eq(knownUsers.email, input.email));
    if (!user) throw new NotFoundError(`user with email ${input.email}`);
    return this.database.orm.transaction(async (tx) => {
      await lockOrganization(tx, orgId);
      const [row] = await tx
        .insert(members)
        .values({ orgId, userId: user.id, email: user.email, role: input.role, addedBy: principal.userId, addedAt: new Date() })
        .onConflictDoNothing()
        .returning();
      if (!row) throw new ConflictError(`${input.email} is already a member of ${orgId}`);
      return row;
    });
  }

  async changeRole(principal: Principal, orgId: string, userId: string, role: MemberRole): Promise<MemberRow> {
    await this.organizations.get(principal, orgId);
    return this.database.orm.transaction(async (tx) => {
      await lockOrganization(tx, orgId);
      const target = await memberOf(tx, orgId, userId);
      this.mayManage(principal, orgId, target.role === 'owner' ? 'owner' : role);
      if (target.role === 'owner' && role !== 'owner') await keepAnOwner(tx, orgId);
      const [row] = await tx
        .update(members)
        .set({ role })
        .where(and(eq(members.orgId, orgId), eq(members.userId, userId)))
        .returning();
      return row!;
    });
  }

  async remove(principal: Principal, orgId: string, userId: string): Promise<void> {
    await this.organizations.get(principal, orgId);
    await this.database.orm.transaction(async (tx) => {
      await lockOrganization(tx, orgId);
      const target = await memberOf(tx, orgId, userId);
      if (userId !== principal.userId) this.mayManage(principal, orgId, target.role);
      if (target.role === 'owner') await keepAnOwner(tx, orgId);
      await tx.delete(members).where(and(eq(members.orgId, orgId), eq(members.userId, userId)));
      await organizationEvents.write(tx, memberRemoved(target, principal.email, new Date()));
    });
  }

  /** Managing members needs owner or admin; anything touching ownership needs owner. */
  private mayManage(principal: Principal, orgId: string, role: MemberRole): void {
    if (!canManageOrg(principal, orgId)) throw new ForbiddenError(`only owners and admins manage the members of ${orgId}`);
    if (role === 'owner' && !isPlatformAdmin(principal) && principal.orgs[orgId] !== 'owner')
      throw new ForbiddenError(`only owners grant or change ownership of ${orgId}`);
  }
}

async function lockOrganization(tx: Tx, orgId: string): Promise<void> {
  await tx.execute(sql`select 1 from ${organizations} where id = ${orgId} for update`);
}

async function memberOf(tx: Tx, orgId: string, userId: string): Promise<MemberRow> {
  const [row] = await tx
    .select()
    .from(members)
    .where(and(eq(members.orgId, orgId), eq(members.userId, userId)));
  if (!row) throw new NotFoundError(`member ${userId} of ${orgId}`);
  return row;
}

/** Refuses a change that would leave the organization without an owner. */
async function keepAnOwner(tx: Tx, orgId: string): Promise<void> {
  const [owners] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(members)
    .where(and(eq(members.orgId, orgId), eq(members.role, 'owner')));
  if ((owners?.n ?? 0) <= 1)
    throw new ConflictError(`${orgId} would have no owner left: make someone else owner first, or delete the organization`);
}
