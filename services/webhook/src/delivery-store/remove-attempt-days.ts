import type { Database, Orm } from '@ops/db';
import { sql, type SQL } from 'drizzle-orm';
import { deliveries } from '../schema.js';
import { ATTEMPT_PARTITIONS_LOCK, type AttemptPartition, listAttemptPartitions } from './attempt-partitions.js';
import { statusIn, unfinishedStatuses } from './delivery-status.js';

export interface RemovedAttemptDays {
  /** Partitions detached and dropped. */
  removed: string[];
  /** Partitions past the cutoff kept: they hold attempts of a delivery the log still keeps. */
  kept: string[];
  /** Set when a lock was not granted within the timeout: the rest waits for the next sweep. */
  deferred?: string;
}

/** PostgreSQL's `lock_not_available`, on the error itself (PGlite) or on the one drizzle wraps (postgres.js). */
const isLockTimeout = (err: unknown) => [err, (err as { cause?: unknown })?.cause].some((e) => (e as { code?: string })?.code === '55P03');

/**
 * Removes the partitions of `attempts` whose whole range is before `cutoff`, each by DETACH PARTITION
 * CONCURRENTLY and then DROP TABLE: neither takes a lock that conflicts with inserting into or reading the log's
 * other days, so delivery goes on. Both run on a connection of their own, outside any transaction (DETACH
 * CONCURRENTLY refuses a transaction block), with a short lock_timeout: a detach that would wait behind a long
 * transaction gives up, and the next sweep finishes it (FINALIZE) or tries again.
 *
 * A partition holding an attempt of a delivery that retention keeps (not finished, or finished after the cutoff),
 * or the day of such a delivery's latest attempt (moved into that partition at its next attempt), is kept.
 */
export async function removeAttemptDaysBefore(
  database: Database,
  cutoff: SQL,
  lockTimeoutMs: number,
  /** Whether a partition past the cutoff is looked at now (the check reads `deliveries`: a kept one need not be read every sweep). */
  mayCheck: (partition: string) => boolean = () => true,
): Promise<RemovedAttemptDays> {
  // Most sweeps find nothing to do: asked on the pool first, so that they open no connection of their own.
  const due = (partition: AttemptPartition, cutoffMs: number) =>
    partition.detachPending || (partition.to.getTime() <= cutoffMs && mayCheck(partition.name));
  const cutoffMs = await cutoffMsOf(database, database.orm, cutoff);
  const partitions = await listAttemptPartitions(database);
  if ((await detachedTables(database, database.orm)).length === 0 && !partitions.some((p) => due(p, cutoffMs)))
    return { removed: [], kept: [] };
  return database.withLock(ATTEMPT_PARTITIONS_LOCK, async (orm) => {
    const done: RemovedAttemptDays = { removed: [], kept: [] };
    await orm.execute(sql.raw(`set lock_timeout = ${Math.round(lockTimeoutMs)}`));
    try {
      for (const name of await detachedTables(database, orm)) {
        await orm.execute(sql`drop table webhooks.${sql.identifier(name)}`);
        done.removed.push(name);
      }
      const cutoffMs = await cutoffMsOf(database, orm, cutoff);
      for (const partition of await listAttemptPartitions(database, orm)) {
        const name = sql.identifier(partition.name);
        if (partition.detachPending) {
          await orm.execute(sql`alter table webhooks.attempts detach partition webhooks.${name} finalize`);
        } else {
          if (!due(partition, cutoffMs)) continue;
          if (await holdsKeptAttempts(database, orm, partition, cutoff)) {
            done.kept.push(partition.name);
            continue;
          }
          await orm.execute(sql`alter table webhooks.attempts detach partition webhooks.${name} concurrently`);
        }
        await orm.execute(sql`drop table webhooks.${name}`);
        done.removed.push(partition.name);
      }
    } catch (err) {
      if (!isLockTimeout(err)) throw err;
      done.deferred = (err as Error).message;
    } finally {
      // PGlite shares one session with the rest of the service: leave its settings as they were.
      await orm.execute(sql`reset lock_timeout`);
    }
    return done;
  });
}

async function cutoffMsOf(database: Database, executor: Orm, cutoff: SQL): Promise<number> {
  const [cut] = await database.query<{ ms: number }>(executor, sql`select (extract(epoch from ${cutoff}) * 1000)::float8 as ms`);
  return Number(cut!.ms);
}

/** Days whose detach completed but whose drop did not (a crash in between): tables that are no partition any more. */
async function detachedTables(database: Database, executor: Orm): Promise<string[]> {
  const rows = await database.query<{ name: string }>(
    executor,
    sql`select relname as name from pg_class
         where relnamespace = 'webhooks'::regnamespace and relkind = 'r' and not relispartition and relname ~ '^attempts_'`,
  );
  return rows.map((r) => r.name);
}

async function holdsKeptAttempts(database: Database, orm: Orm, partition: AttemptPartition, cutoff: SQL): Promise<boolean> {
  const kept = sql`(${statusIn(unfinishedStatuses, 'd')} or d.completed_at >= ${cutoff})`;
  const from = partition.from?.toISOString() ?? null;
  const to = partition.to.toISOString();
  const [row] = await database.query<{ held: boolean }>(
    orm,
    sql`select exists (select 1 from webhooks.${sql.identifier(partition.name)} a join ${deliveries} d on d.id = a.delivery_id where ${kept})
            or exists (select 1 from ${deliveries} d where ${kept} and d.last_attempt_started_at < ${to}::timestamptz
                          and (${from}::timestamptz is null or d.last_attempt_started_at >= ${from}::timestamptz)) as held`,
  );
  return row!.held;
}
