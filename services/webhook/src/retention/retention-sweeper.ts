import type { Database } from '@ops/db';
import type { Logger } from '@ops/logger';
import { Periodic } from '@ops/runtime';
import { sql } from 'drizzle-orm';
import { makeAttemptDays, removeAttemptDaysBefore, removeFinishedBefore, removeUnreferencedEvents } from '../delivery-store/index.js';

export interface RetentionOptions {
  database: Database;
  logger: Logger;
  /** Finished deliveries (with their attempts) and their events are removed this long after they finished. */
  retentionMs: number;
  /** Rows per delete statement: small, so that no statement holds locks for long. */
  batchSize?: number;
  /** Pause between two batches, so that a large backlog never pins the database. */
  pauseMs?: number;
  /** How often a sweep starts. */
  intervalMs?: number;
  /**
   * Longest a partition's detach or drop waits for a lock before giving up until the next sweep: short, so that
   * it never queues behind a long transaction. Default 1 000 ms.
   */
  lockTimeoutMs?: number;
  /**
   * How long an old day kept for a delivery the log still keeps waits before it is checked again: the check reads
   * `deliveries` (a disabled endpoint's deliveries can wait for months), too much for every sweep. Default 1 hour.
   */
  keptDayRecheckMs?: number;
}

/**
 * Removes the old delivery log. First the attempt log's days (partitions) that ended before the cutoff, whole
 * (delivery-store/remove-attempt-days.ts), after making sure the coming days have theirs; then, in small
 * batches, deliveries finished before the cutoff (with what attempts they still have) and events no delivery
 * refers to any more. Pending and retrying deliveries, and their attempts, are never touched, however old.
 * Replicas may sweep at the same time: each delete is idempotent and short, partition changes take turns.
 */
export class RetentionSweeper {
  private readonly schedule: Periodic;
  private stopped = false;
  /** Old attempt days found holding kept attempts, and when. */
  private readonly keptDays = new Map<string, number>();

  constructor(private readonly options: RetentionOptions) {
    this.schedule = new Periodic(() => this.sweep(), {
      intervalMs: options.intervalMs ?? 60_000,
      logger: options.logger,
      what: 'retention sweep',
    });
  }

  start(): void {
    this.stopped = false;
    this.schedule.start();
  }

  /** Ends a sweep under way after its current batch. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.schedule.stop();
  }

  /** One full sweep; returns how many attempt days (partitions), deliveries and events it removed. */
  async sweep(): Promise<{ attemptDays: number; deliveries: number; events: number }> {
    const { database, logger, retentionMs } = this.options;
    const batch = this.options.batchSize ?? 1000;
    const cutoff = sql`now() - ${retentionMs} * interval '1 millisecond'`;
    const removed = { attemptDays: 0, deliveries: 0, events: 0 };
    const made = await makeAttemptDays(database);
    if (made.length > 0) logger.info({ partitions: made }, 'attempt log days made ahead');
    const recheckAfter = Date.now() - (this.options.keptDayRecheckMs ?? 3_600_000);
    const days = await removeAttemptDaysBefore(
      database,
      cutoff,
      this.options.lockTimeoutMs ?? 1_000,
      (day) => (this.keptDays.get(day) ?? 0) <= recheckAfter,
    );
    for (const day of days.removed) this.keptDays.delete(day);
    for (const day of days.kept) this.keptDays.set(day, Date.now());
    removed.attemptDays = days.removed.length;
    if (days.kept.length > 0) {
      logger.warn(
        { partitions: days.kept },
        'old attempt log days kept: they hold attempts of deliveries still logged; checked again within the hour',
      );
    }
    if (days.deferred)
      logger.warn({ reason: days.deferred }, 'removing old attempt log days waited too long for a lock; tried again next sweep');
    removed.deliveries = await this.inBatches(batch, () => removeFinishedBefore(database, cutoff, batch));
    removed.events = await this.inBatches(batch, () => removeUnreferencedEvents(database, cutoff, batch));
    if (removed.attemptDays + removed.deliveries + removed.events > 0)
      logger.info(removed, 'retention sweep removed old delivery log rows');
    return removed;
  }

  private async inBatches(batch: number, removeOne: () => Promise<number>): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await removeOne();
      total += n;
      if (n < batch || this.stopped) return total;
      await new Promise((r) => setTimeout(r, this.options.pauseMs ?? 50));
    }
  }
}
