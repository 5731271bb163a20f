import type { Memberships, OrgRole, Principal } from '@ops/auth';
import type { Database, Executor } from '@ops/db';
import { eq } from 'drizzle-orm';
import { members } from '../schema.js';

/** The caller's roles in every organization, from this service's own table: what other services ask for. */
export async function rolesOf(executor: Executor, userId: string): Promise<Record<string, OrgRole>> {
  const rows = await executor.select({ orgId: members.orgId, role: members.role }).from(members).where(eq(members.userId, userId));
  return Object.fromEntries(rows.map((r) => [r.orgId, r.role]));
}

/** The organization service's own guard reads roles straight from its tables: always current. */
export class OwnMemberships implements Memberships {
  constructor(private readonly database: Database) {}

  rolesOf(principal: Principal): Promise<Record<string, OrgRole>> {
    return rolesOf(this.database.orm, principal.userId);
  }
}
