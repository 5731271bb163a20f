import { sql, type SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import type { Database, Executor, Orm } from './database.js';

export interface PostgresOptions {
  url: string;
  /** Pool size. Default 10. */
  maxConnections?: number;
}

export function connectPostgres(options: PostgresOptions): Database {
  const client = postgres(options.url, { max: options.maxConnections ?? 10, onnotice: () => {} });
  // pitfall: drizzle() changes the client's json handling, so LISTEN uses a client of its own.
  const listener = postgres(options.url, { max: 1, onnotice: () => {} });
  const orm = drizzle(client) as unknown as Orm;
  return {
    orm,
    kind: 'postgres',
    async listen(channel, onNotify) {
      const { unlisten } = await listener.listen(channel, onNotify);
      return unlisten;
    },
    async query<T extends Record<string, unknown>>(executor: Executor, statement: SQL) {
      return [...((await executor.execute(statement)) as unknown as T[])];
    },
    async withLock(key, fn) {
      // Session-level locks belong to one connection: a single-connection client holds it for fn's duration.
      const single = postgres(options.url, { max: 1, onnotice: () => {} });
      const lockOrm = drizzle(single) as unknown as Orm;
      try {
        await lockOrm.execute(sql`select pg_advisory_lock(hashtext(${key}))`);
        return await fn(lockOrm);
      } finally {
        await single.end({ timeout: 5 });
      }
    },
    async tryExclusive(key, fn) {
      return orm.transaction(async (tx) => {
        const [row] = (await tx.execute(sql`select pg_try_advisory_xact_lock(hashtext(${key})) as locked`)) as unknown as Array<{ locked: boolean }>;
        return row?.locked ? fn(tx) : undefined;
      });
    },
    async close() {
      await Promise.all([client.end({ timeout: 5 }), listener.end({ timeout: 5 })]);
    },
  };
}
