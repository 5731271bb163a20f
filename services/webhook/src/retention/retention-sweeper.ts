import type { Database } from '@ops/db';
import type { Logger } from '@ops/logger';
import { Periodic } from '@ops/runtime';
import { sql } from 'drizzle-orm';
import { removeFinishedBefore, removeUnreferencedEvents } from '../delivery-store/index.js';

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
}

/**
 * Deletes old delivery log rows in small batches: deliveries finished before the cutoff (their attempts go
 * with them, by cascade), then events no delivery refers to any more. Pending and retrying deliveries are
 * never touched, however old. Replicas may sweep at the same time: each delete is idempotent and short.
 */
export class RetentionSweeper {
  private readonly schedule: Periodic;
  private stopped = false;

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

  /** One full sweep; returns how many deliveries and events it removed. */
  async sweep(): Promise<{ deliveries: number; events: number }> {
    const { retentionMs } = this.options;
    const batch = this.options.batchSize ?? 1000;
    const cutoff = sql`now() - ${retentionMs} * interval '1 millisecond'`;
    const removed = { deliveries: 0, events: 0 };
    removed.deliveries = await this.inBatches(batch, () => removeFinishedBefore(this.options.database, cutoff, batch));
    removed.events = await this.inBatches(batch, () => removeUnreferencedEvents(this.options.database, cutoff, batch));
    if (removed.deliveries + removed.events > 0) this.options.logger.info(removed, 'retention sweep removed old delivery log rows');
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
