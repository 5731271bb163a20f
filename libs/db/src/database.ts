import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations, SQL } from 'drizzle-orm';

/** The drizzle query builder, whichever driver is underneath (postgres.js or PGlite). */
export type Orm = PgDatabase<PgQueryResultHKT, Record<string, unknown>>;

/** A transaction handle: what code that must write atomically takes. */
export type Tx = PgTransaction<PgQueryResultHKT, Record<string, unknown>, ExtractTablesWithRelations<Record<string, unknown>>>;

/** Either the database or a transaction: what a repository function that can join a caller's transaction takes. */
export type Executor = Orm | Tx;

export interface Database {
  readonly orm: Orm;
  readonly kind: 'postgres' | 'pglite';
  /** Calls `onNotify` for every NOTIFY on `channel` (delivered at commit); resolves to an unlisten function. */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  /** Runs raw SQL and returns its rows, the same shape on both drivers. */
  query<T extends Record<string, unknown>>(executor: Executor, statement: SQL): Promise<T[]>;
  /** Runs `fn` while holding a session-level advisory lock; waits for the lock. Used around migrations. */
  withLock<T>(key: string, fn: (orm: Orm) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` only if no other process holds `key`, else resolves to `undefined` at once. The claim lasts for
   * `fn`: on PostgreSQL a transaction-level advisory lock (`fn` runs in that transaction), on PGlite nothing is
   * needed, being one process. Used by singletons such as the outbox relay, so that two replicas never interleave.
   */
  tryExclusive<T>(key: string, fn: (executor: Executor) => Promise<T>): Promise<T | undefined>;
  close(): Promise<void>;
}
