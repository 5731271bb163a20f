import { fileURLToPath } from 'node:url';
import { connectDatabase, migrate, type Database } from '@ops/db';
import { createTestDatabase, type EarlierMigrations, migrationsBefore, type TestDatabase } from '@ops/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Migration 0002 on a database that ran the ones before it and holds rows keyed by email: what it keeps, moves
 * and drops. The service's earlier migrations are copied to a folder of their own, applied, then the real folder.
 */
const migrations = fileURLToPath(new URL('../../drizzle', import.meta.url));
let db: TestDatabase;
let database: Database;
let before: EarlierMigrations;

beforeAll(async () => {
  db = await createTestDatabase();
  database = await connectDatabase(db.url);
  before = migrationsBefore(migrations, '0002_live_subscriptions_by_user');
});

afterAll(async () => {
  await database?.close();
  await db?.drop();
  before?.remove();
});

describe('migration 0002: subscriptions by user id', () => {
  it('attaches organizations whose trial opened, drops the ones an email cannot place, and frees emails for reuse', async () => {
    await migrate(database, { migrationsFolder: before.folder, schema: 'billing' });
    const subscription = (id: string, email: string) =>
      sql`insert into billing.subscriptions (id, user_id, email, tier, status, current_period_start, current_period_end, created_at, updated_at)
          values (${id}, ${`usr_${id}`}, ${email}, 'trial', 'trialing', now(), now() + interval '14 days', now(), now())`;
    await database.query(database.orm, subscription('sub_a', 'a@example.com'));
    await database.query(
      database.orm,
      sql`insert into billing.pending_organizations (owner_email, org_id) values ('a@example.com', 'org_a'), ('nobody-yet@example.com', 'org_waiting')`,
    );

    await migrate(database, { migrationsFolder: migrations, schema: 'billing' });

    const [a] = await database.query<{ org_id: string | null; user_id: string; user_deleted_at: Date | null }>(
      database.orm,
      sql`select org_id, user_id, user_deleted_at from billing.subscriptions where id = 'sub_a'`,
    );
    expect(a).toEqual({ org_id: 'org_a', user_id: 'usr_sub_a', user_deleted_at: null });
    expect(await database.query(database.orm, sql`select * from billing.pending_organizations`)).toEqual([]);
    // A second subscription on the same address (its first user deleted) is allowed now.
    await database.query(database.orm, sql`update billing.subscriptions set user_deleted_at = now() where id = 'sub_a'`);
    await database.query(database.orm, subscription('sub_b', 'a@example.com'));
    await database.query(database.orm, sql`insert into billing.pending_organizations (owner_id, org_id) values ('usr_new', 'org_new')`);
    expect(await database.query(database.orm, sql`select owner_id, org_id from billing.pending_organizations`)).toEqual([
      { owner_id: 'usr_new', org_id: 'org_new' },
    ]);
  });
});
