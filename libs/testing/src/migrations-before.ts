import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface EarlierMigrations {
  /** A drizzle migrations folder holding only the migrations before the one tested. */
  folder: string;
  remove(): void;
}

/**
 * For a migration's own test: a copy of a service's migrations folder cut just before `tag`, so that a database
 * can be brought to the state the migration meets, filled with old rows, and then migrated with the real folder.
 */
export function migrationsBefore(migrationsFolder: string, tag: string): EarlierMigrations {
  const folder = mkdtempSync(join(tmpdir(), `migrations-before-${tag}-`));
  mkdirSync(join(folder, 'meta'));
  const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as { entries: Array<{ tag: string }> };
  const at = journal.entries.findIndex((e) => e.tag === tag);
  if (at < 0) throw new Error(`no migration ${tag} in ${migrationsFolder}`);
  const earlier = journal.entries.slice(0, at);
  for (const entry of earlier) copyFileSync(join(migrationsFolder, `${entry.tag}.sql`), join(folder, `${entry.tag}.sql`));
  writeFileSync(join(folder, 'meta/_journal.json'), JSON.stringify({ ...journal, entries: earlier }));
  return { folder, remove: () => rmSync(folder, { recursive: true, force: true }) };
}
