import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import type { Database, Executor, Orm } from './database.js';

/**
 * Embedded PostgreSQL (PGlite) for running the whole platform with NATS as the only server.
 * PGlite is one session in one process: services started in the same process with the same
 * data directory share one instance, which is closed when the last of them closes.
 */
const shared = new Map<string, { pg: Promise<PGlite>; users: number }>();

export function connectPglite(dataDir: string): Database {
  const key = dataDir || 'memory://';
  let entry = shared.get(key);
  if (!entry) {
    if (key !== 'memory://') mkdirSync(dataDir, { recursive: true });
    entry = { pg: PGlite.create(dataDir === 'memory://' || dataDir === '' ? undefined : dataDir), users: 0 };
    shared.set(key, entry);
  }
  entry.users++;
  const held = entry;
  let orm: Orm | undefined;
  const ready = held.pg.then((pg) => (orm = drizzle(pg) as unknown as Orm));
  const database: Database = {
    get orm() {
      if (!orm) throw new Error('PGlite is still starting: await database.ready() first');
      return orm;
    },
    kind: 'pglite',
    async listen(channel, onNotify) {
      const pg = await held.pg;
      const unlisten = await pg.listen(channel, onNotify);
      return () => unlisten();
    },
    async query<T extends Record<string, unknown>>(executor: Executor, statement: SQL) {
      const result = (await executor.execute(statement)) as unknown as { rows: T[] };
      return result.rows;
    },
    async withLock(_key, fn) {
      // One process, one session: there is nobody to exclude.
      await ready;
      return fn(orm!);
    },
    async tryExclusive(_key, fn) {
      return fn(orm!);
    },
    async close() {
      if (--held.users > 0) return;
      shared.delete(key);
      await (await held.pg).close();
    },
  };
  return Object.assign(database, { ready });
}
