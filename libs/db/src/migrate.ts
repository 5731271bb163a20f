import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { Database } from './database.js';

export interface MigrateOptions {
  /** drizzle-kit's output folder for this service. */
  migrationsFolder: string;
  /** The PostgreSQL schema the service owns. */
  schema: string;
}

/** Applies pending migrations. Replicas starting together take turns on an advisory lock. */
export async function migrate(database: Database, options: MigrateOptions): Promise<void> {
  // The journal lives outside the service's schema: the first migration creates that schema itself.
  const config = {
    migrationsFolder: options.migrationsFolder,
    migrationsSchema: 'drizzle',
    migrationsTable: `${options.schema}_migrations`,
  };
  await database.withLock(`migrate:${options.schema}`, async (orm) => {
    if (database.kind === 'pglite') await migratePglite(orm as never, config);
    else await migratePostgres(orm as never, config);
  });
}
