import type { Database } from './database.js';
import { connectPglite } from './pglite-database.js';
import { connectPostgres, type PostgresOptions } from './postgres-database.js';

/**
 * `postgres://user@host:5432/db` connects to a PostgreSQL server;
 * `pglite://./.data/pg` (a directory) or `pglite://memory` runs an embedded PostgreSQL in this process.
 */
export async function connectDatabase(url: string, options: Omit<PostgresOptions, 'url'> = {}): Promise<Database> {
  if (url.startsWith('pglite://')) {
    const location = url.slice('pglite://'.length);
    const database = connectPglite(location === 'memory' ? 'memory://' : location);
    await (database as Database & { ready: Promise<unknown> }).ready;
    return database;
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    return connectPostgres({ url, ...options });
  }
  throw new Error(`DATABASE_URL must start with postgres://, postgresql:// or pglite://, got ${url.split(':')[0]}:`);
}
