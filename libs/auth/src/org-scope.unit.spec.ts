import { PgDialect, pgTable, text } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { orgScope } from './org-scope.js';
import type { Principal } from './principal.js';

const devices = pgTable('devices', { id: text('id').primaryKey(), orgId: text('org_id') });
const dialect = new PgDialect();
const caller = (role: Principal['role'], orgs: Principal['orgs']): Principal => ({
  userId: 'usr_1',
  email: 'a@example.com',
  role,
  orgs,
  tokenId: 'tok_1',
  expiresAt: 0,
  issuedAtMs: 0,
});

describe('orgScope', () => {
  it('lets a platform admin see every row', () => {
    expect(orgScope(caller('admin', {}), devices.orgId)).toBeUndefined();
  });

  it("limits a member to their organizations' rows", () => {
    const scope = orgScope(caller('user', { org_a: 'member', org_b: 'owner' }), devices.orgId)!;
    expect(dialect.sqlToQuery(scope)).toMatchObject({ sql: '"devices"."org_id" in ($1, $2)', params: ['org_a', 'org_b'] });
  });

  it('shows no row to a caller in no organization', () => {
    expect(dialect.sqlToQuery(orgScope(caller('user', {}), devices.orgId)!).sql).toBe('false');
  });
});
