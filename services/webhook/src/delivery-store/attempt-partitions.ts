import type { Database, Executor } from '@ops/db';
import { sql } from 'drizzle-orm';

/**
 * `attempts` has one partition per UTC day and no default partition (a default one would forbid detaching
 * concurrently, see remove-attempt-days.ts): an attempt whose day has no partition cannot be logged. So the
 * days from today to this many days ahead always exist: made at every start and every retention sweep.
 */
export const ATTEMPT_DAYS_AHEAD = 7;

const DAY_MS = 24 * 3600_000;

/** Serialises every change to the set of partitions (replicas making or removing days at once). */
export const ATTEMPT_PARTITIONS_LOCK = 'webhooks.attempts partitions';

/** One partition of `attempts`: the range of `started_at` it holds, `from` null for MINVALUE. */
export interface AttemptPartition {
  name: string;
  from: Date | null;
  to: Date;
  /** A DETACH CONCURRENTLY that did not finish (a lock timeout): it must be finalised before any other. */
  detachPending: boolean;
}

/** The partition of the UTC day `day` (YYYY-MM-DD) is named `attempts_YYYYMMDD`. */
export const attemptPartitionName = (day: string) => `attempts_${day.replaceAll('-', '')}`;

const utc = (at: string) => sql.raw(`to_char(${at} at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`);

/** The partitions of `attempts`, oldest first. */
export async function listAttemptPartitions(database: Database, executor: Executor = database.orm): Promise<AttemptPartition[]> {
  // Bounds read back as timestamptz (the text holds its offset), then as UTC text: both drivers agree on it.
  const rows = await database.query<{ name: string; from: string | null; to: string; detachPending: boolean }>(
    executor,
    sql`select name, ${utc('"from"')} as "from", ${utc('"to"')} as "to", detach_pending as "detachPending" from (
          select c.relname as name, i.inhdetachpending as detach_pending,
                 substring(pg_get_expr(c.relpartbound, c.oid) from $b$FROM \\('([^']*)'\\)$b$)::timestamptz as "from",
                 substring(pg_get_expr(c.relpartbound, c.oid) from $b$TO \\('([^']*)'\\)$b$)::timestamptz as "to"
            from pg_inherits i join pg_class c on c.oid = i.inhrelid
           where i.inhparent = 'webhooks.attempts'::regclass) p
        order by "to"`,
  );
  return rows.map((r) => ({ ...r, from: r.from === null ? null : new Date(r.from), to: new Date(r.to) }));
}

/**
 * Makes the partitions missing for `days` UTC days from `firstDay` (default: the database's today, and the
 * next ATTEMPT_DAYS_AHEAD days). A day some partition covers already is skipped, so this is idempotent. Each is
 * made as a table and then attached, which takes a SHARE UPDATE EXCLUSIVE lock on `attempts` (no wait for the
 * inserts under way, unlike CREATE TABLE ... PARTITION OF); replicas doing it at once take turns on a lock.
 * Returns the names made.
 */
export async function makeAttemptDays(database: Database, firstDay?: string, days = ATTEMPT_DAYS_AHEAD + 1): Promise<string[]> {
  return database.orm.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${ATTEMPT_PARTITIONS_LOCK}))`);
    const [today] = await database.query<{ day: string }>(tx, sql`select to_char(now() at time zone 'utc', 'YYYY-MM-DD') as day`);
    const first = new Date(`${firstDay ?? today!.day}T00:00:00Z`);
    const existing = await listAttemptPartitions(database, tx);
    const made: string[] = [];
    for (let i = 0; i < days; i++) {
      const from = new Date(first.getTime() + i * DAY_MS);
      const to = new Date(from.getTime() + DAY_MS);
      const day = from.toISOString().slice(0, 10);
      if (existing.some((p) => (p.from === null || p.from < to) && p.to > from)) continue;
      const name = sql.identifier(attemptPartitionName(day));
      await tx.execute(sql`create table webhooks.${name} (like webhooks.attempts including all)`);
      await tx.execute(
        sql`alter table webhooks.attempts attach partition webhooks.${name}
              for values from (${sql.raw(`'${from.toISOString()}'`)}) to (${sql.raw(`'${to.toISOString()}'`)})`,
      );
      made.push(attemptPartitionName(day));
    }
    return made;
  });
}
