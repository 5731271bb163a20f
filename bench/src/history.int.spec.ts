import { fileURLToPath } from 'node:url';
import { connectDatabase, migrate } from '@ops/db';
import { createTestDatabase, type TestDatabase } from '@ops/testing';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertHistory } from './history.js';

/**
 * The growth scenario writes its history straight into the webhook service's tables, as migrated: this keeps
 * it honest in CI, so that a schema change breaks here, by name, rather than in a long benchmark run.
 */
const migrationsFolder = fileURLToPath(new URL('../../services/webhook/drizzle', import.meta.url));
let db: TestDatabase;
let sql: postgres.Sql;

beforeAll(async () => {
  db = await createTestDatabase();
  const database = await connectDatabase(db.url);
  await migrate(database, { migrationsFolder, schema: 'webhooks' });
  await database.close();
  sql = postgres(db.url, { max: 1, onnotice: () => {} });
  await sql`insert into webhooks.endpoints (id, url, events, created_by) values
    ('ep_a', 'https://a.example.com/hook', '{device.online}', 'bench'), ('ep_b', 'https://b.example.com/hook', '{device.online}', 'bench')`;
});

afterAll(async () => {
  await sql.end();
  await db.drop();
});

describe('growth history', () => {
  it('writes older succeeded deliveries with one attempt each, their ids sorting before new ones', async () => {
    const history = await insertHistory(sql, ['ep_a', 'ep_b'], 10);
    expect(history).toMatchObject({ deliveries: 10, attempts: 10 });
    const [row] = await sql<{ n: number; attempts: number; newest: boolean; ids: boolean }[]>`
      select count(*)::int as n,
        (select count(*)::int from webhooks.attempts a where a.delivery_id = any(array_agg(d.id)) and a.succeeded) as attempts,
        max(d.completed_at) < now() - interval '1 hour' as newest,
        max(d.id) < 'dlv_' || (select to_hex((extract(epoch from now()) * 1000)::bigint)) as ids
      from webhooks.deliveries d where d.status = 'succeeded'`;
    expect(row).toEqual({ n: 10, attempts: 10, newest: true, ids: true });
  });

  it('refuses, by name, a table with a required column it does not fill', async () => {
    await sql`alter table webhooks.attempts add column region text not null default 'eu'`;
    await sql`alter table webhooks.attempts alter column region drop default`;
    await expect(insertHistory(sql, ['ep_a'], 1)).rejects.toThrow(/attempts\.region/);
    await sql`alter table webhooks.attempts drop column region`;
  });
});
