import { sql, type SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import type { Database, Executor, Orm } from './database.js';

export interface PostgresOptions {
  url: string;
  /** Pool size. Default 10. */
  maxConnections?: number;
  /**
   * Longest a statement may run, lock waits included, before the server cancels it (PostgreSQL's
   * `statement_timeout`). Default 15 000 ms. Migrations run without it.
   */
  statementTimeoutMs?: number;
  /** Longest a connection attempt may take before its queries fail (an unreachable host). Default 5 000 ms. */
  connectTimeoutMs?: number;
  /**
   * Longest wait between attempts to reconnect after a failure. Queries wait for the next attempt, so this
   * bounds both how long a query waits during an outage and how late the service notices PostgreSQL is back.
   * Default 1 000 ms (postgres.js's own backoff grows to 20 s: a 40 s stall after a crash).
   */
  reconnectMaxDelayMs?: number;
}

export function connectPostgres(options: PostgresOptions): Database {
  const maxDelayS = (options.reconnectMaxDelayMs ?? 1_000) / 1000;
  // postgres.js counts these in seconds.
  const bounded = {
    onnotice: () => {},
    connect_timeout: (options.connectTimeoutMs ?? 5_000) / 1000,
    // Doubling from 50 ms up to the cap, each spread by up to half, so that replicas do not reconnect in step.
    backoff: (retries: number) => (0.5 + Math.random() / 2) * Math.min(0.05 * 2 ** retries, maxDelayS),
  };
  const client = postgres(options.url, {
    ...bounded,
    max: options.maxConnections ?? 10,
    connection: { statement_timeout: options.statementTimeoutMs ?? 15_000 },
  });
  // pitfall: drizzle() changes the client's json handling, so LISTEN uses a client of its own.
  const listener = postgres(options.url, { ...bounded, max: 1 });
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
      // No statement timeout: a migration, or waiting for another replica's, may take longer than a request.
      const single = postgres(options.url, { ...bounded, max: 1 });
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
        const [row] = (await tx.execute(sql`select pg_try_advisory_xact_lock(hashtext(${key})) as locked`)) as unknown as Array<{
          locked: boolean;
        }>;
        return row?.locked ? fn(tx) : undefined;
      });
    },
    async close() {
      await Promise.all([client.end({ timeout: 5 }), listener.end({ timeout: 5 })]);
    },
  };
}
