import { sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

/** A value that is not a table's column (a flag, a delay), named by its PostgreSQL type. */
export type SqlType = 'text' | 'bigint' | 'integer' | 'boolean' | 'timestamptz' | 'json';

type ValueOf<C> = C extends PgColumn
  ? (C['_']['dataType'] extends 'json' ? C['_']['data'] | string : C['_']['data']) | null
  : C extends 'bigint' | 'integer'
    ? number | null
    : C extends 'boolean'
      ? boolean | null
      : C extends 'timestamptz'
        ? Date | null
        : C extends 'json'
          ? unknown
          : string | null;

/**
 * The columns of a batch: table columns (their names and types come from the schema) or named extra values. A json
 * column takes a value to serialise, or a string serialised already (sent as it is).
 */
export type ColumnSet = Record<string, PgColumn | SqlType>;

/** One row of a batch, keyed like its ColumnSet, each value of its column's type. */
export type RowOf<C extends ColumnSet> = { [K in keyof C]: ValueOf<C[K]> };

const nameOf = (key: string, column: PgColumn | SqlType) => (typeof column === 'string' ? key : column.name);
const typeOf = (column: PgColumn | SqlType) =>
  typeof column === 'string' ? column : column.getSQLType().replace('timestamp with time zone', 'timestamptz');

/** One element of a PostgreSQL array literal: quoted, so that commas, braces and the word NULL stay text. */
function element(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  const text = value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  // Most values hold neither a quote nor a backslash: skip the scan-and-copy for them.
  return text.includes('"') || text.includes('\\') ? `"${text.replace(/["\\]/g, '\\$&')}"` : `"${text}"`;
}

/**
 * A batch of rows as a table source, `unnest($1::text[], $2::bigint[], ...) as <alias>(col, ...)`: one array
 * parameter per column instead of one JSON document for the whole batch, so the text sent holds each value once,
 * without a key per value. Names and types come from the drizzle columns given, so a renamed or retyped column
 * changes every statement with it instead of breaking it silently. Arrays travel as literals in text, which both
 * drivers (postgres.js and PGlite) pass unchanged.
 */
export function columnArrays<C extends ColumnSet>(columns: C, rows: ReadonlyArray<RowOf<C>>, alias = 'x'): SQL {
  const keys = Object.keys(columns);
  const arrays = keys.map((key) => {
    const literal = `{${rows.map((row) => element(row[key])).join(',')}}`;
    return sql`${literal}::${sql.raw(typeOf(columns[key]!))}[]`;
  });
  const names = keys.map((key) => sql.identifier(nameOf(key, columns[key]!)));
  return sql`unnest(${sql.join(arrays, sql`, `)}) as ${sql.identifier(alias)}(${sql.join(names, sql`, `)})`;
}

/** The column names of a ColumnSet, in order: the target list of an insert from `columnArrays`. */
export function columnNames(columns: ColumnSet): SQL {
  return sql.join(
    Object.entries(columns).map(([key, column]) => sql.identifier(nameOf(key, column))),
    sql`, `,
  );
}
