import { fileURLToPath } from 'node:url';
import { connectDatabase, migrate, type Database } from '@ops/db';
import { createTestDatabase, type TestDatabase } from '@ops/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureOutboxTable } from './outbox-ddl.js';

let db: TestDatabase;
let database: Database;

beforeAll(async () => {
  db = await createTestDatabase();
  database = await connectDatabase(db.url);
});
afterAll(async () => {
  await database?.close();
  await db?.drop();
});

/** Columns and indexes of `<schema>.outbox`, with the schema name taken out. */
async function shape(schema: string) {
  const columns = await database.query(
    database.orm,
    sql`
    select column_name, data_type, is_nullable, column_default from information_schema.columns
    where table_schema = ${schema} and table_name = 'outbox' order by column_name`,
  );
  const indexes = await database.query<{ indexdef: string }>(
    database.orm,
    sql`
    select indexdef from pg_indexes where schemaname = ${schema} and tablename = 'outbox' order by indexname`,
  );
  return {
    columns: columns.map((c) => ({ ...c, column_default: String(c.column_default).replace(`${schema}.`, '') })),
    indexes: indexes.map((i) => i.indexdef.replaceAll(`${schema}.`, '')),
  };
}

describe('ensureOutboxTable', () => {
  it("creates the same outbox as our services' migrations, and can run again", async () => {
    await migrate(database, {
      migrationsFolder: fileURLToPath(new URL('../../../services/user/drizzle', import.meta.url)),
      schema: 'users',
    });
    await ensureOutboxTable(database, 'outside_job');
    await ensureOutboxTable(database, 'outside_job');
    expect(await shape('outside_job')).toEqual(await shape('users'));
    expect((await shape('outside_job')).indexes).toHaveLength(4);
  });

  it('refuses a schema name it would have to quote', async () => {
    await expect(ensureOutboxTable(database, 'Bad"; drop')).rejects.toThrow(/lower-case letters/);
  });
});
