import { sql } from 'drizzle-orm';
import { bigint, boolean, integer, json, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { afterAll, describe, expect, it } from 'vitest';
import { columnArrays, columnNames } from './column-arrays.js';
import { connectDatabase } from './connect.js';
import type { Database } from './database.js';

const things = pgTable('things', {
  id: text('id').primaryKey(),
  count: bigint('count_total', { mode: 'number' }),
  small: integer('small'),
  ok: boolean('ok'),
  at: timestamp('at', { withTimezone: true }),
  data: json('data').$type<Record<string, unknown>>(),
});
const columns = {
  id: things.id,
  count: things.count,
  small: things.small,
  ok: things.ok,
  at: things.at,
  data: things.data,
  flag: 'boolean' as const,
};

// Text a literal must carry unchanged: quotes, backslashes, commas, braces, the word NULL, spaces, non-ASCII.
const awkward = ['a"b', 'back\\slash', 'x,y', '{}', 'NULL', '  padded  ', 'é ✓', ''];
const rows = awkward.map((id, i) => ({
  id,
  count: i === 0 ? null : 2 ** 40 + i,
  small: i,
  ok: i % 2 === 0,
  at: new Date(Date.UTC(2026, 11, 2, 0, 0, i)),
  data: { id, nested: ['"', '\\', null] },
  flag: i === 1,
}));

const databases: Database[] = [];
afterAll(async () => Promise.all(databases.map((d) => d.close())));

describe.each([
  ['PostgreSQL', process.env.TEST_DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres'],
  ['PGlite', 'pglite://memory'],
])('columnArrays on %s', (_name, url) => {
  it('inserts every value unchanged, named and typed by the table columns', async () => {
    const database = await connectDatabase(url);
    databases.push(database);
    await database.orm.transaction(async (tx) => {
      await tx.execute(
        sql.raw(
          `create temporary table things (id text primary key, count_total bigint, small integer, ok boolean, at timestamptz, data json, flag boolean) on commit drop`,
        ),
      );
      await tx.execute(sql`insert into ${things} (${columnNames(columns)}) select * from ${columnArrays(columns, rows)}`);
      const back = await database.query<Record<string, unknown>>(
        tx,
        sql`select id, count_total::text as count, small, ok, at::text as at, data::text as data, flag from things order by small`,
      );
      expect(back).toEqual(
        rows.map((r) => ({
          id: r.id,
          count: r.count === null ? null : String(r.count),
          small: r.small,
          ok: r.ok,
          at: r.at.toISOString().replace('T', ' ').replace('.000Z', '+00'),
          data: JSON.stringify(r.data),
          flag: r.flag,
        })),
      );
    });
  });

  it('accepts an empty batch', async () => {
    const database = databases.at(-1)!;
    const [row] = await database.query<{ n: number }>(
      database.orm,
      sql`select count(*)::int as n from ${columnArrays({ id: things.id }, [])}`,
    );
    expect(row!.n).toBe(0);
  });
});
