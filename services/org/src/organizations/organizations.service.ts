import { Inject, Injectable } from '@nestjs/common';
import { canManageOrg, canReadOrg, isPlatformAdmin, orgScope, type Principal } from '@ops/auth';
import type { Database, Executor } from '@ops/db';
import { newId } from '@ops/events';
import { ForbiddenError, NotFoundError } from '@ops/http';
import { DATABASE } from '@ops/runtime';
import { asc, eq, inArray, sql } from 'drizzle-orm';
import { organizationEvents } from '../organization-events.js';
import { members, organizations, type OrganizationRow } from '../schema.js';
import type { CreateOrganizationRequest, UpdateOrganizationRequest } from './organization.requests.js';

export interface Organization {
  row: OrganizationRow;
  /** The email of its longest-standing owner. */
  owner: string;
  memberCount: number;
}

/**
 * Organizations: whoever creates one is its owner; owners and admins change it; owners (and platform
 * admins) delete it. Members and outsiders: an organization the caller does not belong to answers 404.
 * Every change and its event are one transaction.
 */
@Injectable()
export class OrganizationsService {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  async create(principal: Principal, input: CreateOrganizationRequest): Promise<Organization> {
    const now = new Date();
    return this.database.orm.transaction(async (tx) => {
      const [row] = await tx
        .insert(organizations)
        .values({
          id: newId('org'),
          name: input.name,
          planTier: input.plan_tier,
          createdBy: principal.userId,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      await tx.insert(members).values({
        orgId: row!.id,
        userId: principal.userId,
        email: principal.email,
        role: 'owner',
        addedBy: principal.userId,
        addedAt: now,
      });
      await organizationEvents.write(tx, {
        type: 'organization.created',
        orgId: row!.id,
        time: now,
        data: {
          organization_id: row!.id,
          name: row!.name,
          plan_tier: row!.planTier,
          owner: principal.email,
          owner_id: principal.userId,
          created_at: now.toISOString(),
          member_count: 1,
        },
      });
      return { row: row!, owner: principal.email, memberCount: 1 };
    });
  }

  /** The caller's organizations (every one, for a platform admin), oldest first. */
  async list(principal: Principal): Promise<Organization[]> {
    const rows = await this.database.orm
      .select()
      .from(organizations)
      .where(orgScope(principal, organizations.id))
      .orderBy(asc(organizations.id))
      .limit(1000);
    return withPeople(this.database.orm, rows);
  }

  async get(principal: Principal, id: string): Promise<Organization> {
    const [row] = await this.database.orm.select().from(organizations).where(eq(organizations.id, id));
    if (!row || !canReadOrg(principal, id)) throw new NotFoundError(`organization ${id}`);
    return (await withPeople(this.database.orm, [row]))[0]!;
  }

  /** Changes name or plan; an update that changes nothing writes no event. */
  async update(principal: Principal, id: string, input: UpdateOrganizationRequest): Promise<Organization> {
    const current = await this.get(principal, id);
    if (!canManageOrg(principal, id)) throw new ForbiddenError(`only owners and admins change organization ${id}`);
    const changes = [
      ...(input.name !== undefined && input.name !== current.row.name ? ['name'] : []),
      ...(input.plan_tier !== undefined && input.plan_tier !== current.row.planTier ? ['plan_tier'] : []),
    ];
    if (changes.length === 0) return current;
    const now = new Date();
    return this.database.orm.transaction(async (tx) => {
      const [row] = await tx
        .update(organizations)
        .set({
          ...(input.name !== undefined && { name: input.name }),
          ...(input.plan_tier !== undefined && { planTier: input.plan_tier }),
          updatedAt: now,
        })
        .where(eq(organizations.id, id))
        .returning();
      if (!row) throw new NotFoundError(`organization ${id}`);
      await organizationEvents.write(tx, {
        type: 'organization.updated',
        orgId: id,
        time: now,
        data: {
          organization_id: id,
          name: row.name,
          plan_tier: row.planTier,
          changes,
          updated_by: principal.email,
          updated_at: now.toISOString(),
        },
      });
      return (await withPeople(tx, [row]))[0]!;
    });
  }

  async delete(principal: Principal, id: string): Promise<void> {
    const current = await this.get(principal, id);
    if (!isPlatformAdmin(principal) && principal.orgs[id] !== 'owner') throw new ForbiddenError(`only owners delete organization ${id}`);
    const now = new Date();
    await this.database.orm.transaction(async (tx) => {
      const gone = await tx.delete(organizations).where(eq(organizations.id, id)).returning({ id: organizations.id });
      if (gone.length === 0) throw new NotFoundError(`organization ${id}`);
      await organizationEvents.write(tx, {
        type: 'organization.deleted',
        orgId: id,
        time: now,
        data: { organization_id: id, name: current.row.name, deleted_by: principal.email, deleted_at: now.toISOString() },
      });
    });
  }
}

/** Each organization with its member count and longest-standing owner, in one query however many. */
async function withPeople(executor: Executor, rows: OrganizationRow[]): Promise<Organization[]> {
  if (rows.length === 0) return [];
  const people = await executor
    .select({
      orgId: members.orgId,
      count: sql<number>`count(*)::int`,
      owner: sql<string>`(array_agg(${members.email} order by ${members.addedAt}) filter (where ${members.role} = 'owner'))[1]`,
    })
    .from(members)
    .where(
      inArray(
        members.orgId,
        rows.map((r) => r.id),
      ),
    )
    .groupBy(members.orgId);
  const byOrg = new Map(people.map((p) => [p.orgId, p]));
  return rows.map((row) => ({ row, owner: byOrg.get(row.id)?.owner ?? '', memberCount: byOrg.get(row.id)?.count ?? 0 }));
}
