import type { Database } from '@ops/db';
import { newId } from '@ops/events';
import type { Logger } from '@ops/logger';
import { Periodic } from '@ops/runtime';
import { sql } from 'drizzle-orm';
import { handBackFromWorkers } from '../delivery-store/index.js';
import { workers } from '../schema.js';

export interface WorkerRegistryOptions {
  database: Database;
  logger: Logger;
  /** A worker that has not renewed its row for this long is dead and its deliveries are taken over. */
  ttlMs: number;
}

/**
 * This process's row among the delivery workers. Every third of the time to live it renews the row and looks
 * for workers whose rows expired: their in-flight deliveries go back to pending or retrying, due now, and a
 * NOTIFY wakes every worker to claim them. So a kill -9 costs its deliveries at most about `ttlMs` plus one
 * renewal interval, and a restarted process (a new id) never waits for the leases of its previous life.
 *
 * A worker that could not renew (PostgreSQL was away) judges no one until it has renewed for a whole time to
 * live again: after an outage every row looks expired, and the live ones need a chance to renew first.
 */
export class WorkerRegistry {
  readonly id = newId('wkr');
  /** Workers alive at the last renewal, this one included: endpoints' rate limits are shared among them. */
  liveWorkers = 1;
  private readonly renewal: Periodic;
  /** Since when renewals have succeeded without a gap; undefined while they fail. */
  private renewingSince: number | undefined;

  constructor(private readonly options: WorkerRegistryOptions) {
    this.renewal = new Periodic(() => this.renew(), {
      intervalMs: Math.max(10, Math.floor(options.ttlMs / 3)),
      logger: options.logger,
      what: 'renewing the worker registration',
    });
  }

  async start(): Promise<void> {
    await this.renew();
    this.renewal.start();
  }

  /** Leaves the registry. Call after the deliveries this worker held were recorded or handed back. */
  async stop(): Promise<void> {
    await this.renewal.stop();
    await this.options.database.orm.delete(workers).where(sql`${workers.id} = ${this.id}`);
  }

  private async renew(): Promise<void> {
    const { database, ttlMs } = this.options;
    try {
      await database.orm.execute(sql`
        insert into ${workers} (id, expires_at) values (${this.id}, now() + ${ttlMs} * interval '1 millisecond')
        on conflict (id) do update set expires_at = excluded.expires_at`);
      const [live] = await database.query<{ n: number }>(
        database.orm,
        sql`select count(*)::int as n from ${workers} where expires_at >= now()`,
      );
      this.liveWorkers = Math.max(1, live?.n ?? 1);
    } catch (err) {
      this.renewingSince = undefined;
      throw err;
    }
    const now = Date.now();
    this.renewingSince ??= now;
    if (now - this.renewingSince >= ttlMs) await this.takeOverDead();
  }

  /** Hands the deliveries of expired workers back to every worker, and removes the expired rows. */
  private async takeOverDead(): Promise<void> {
    const { database, logger } = this.options;
    await database.orm.transaction(async (tx) => {
      const dead = await database.query<{ id: string }>(tx, sql`delete from ${workers} where expires_at < now() returning id`);
      if (dead.length === 0) return;
      const ids = dead.map((w) => w.id);
      const handedBack = await handBackFromWorkers(database, tx, ids);
      logger.warn({ workers: ids, deliveries: handedBack }, 'workers stopped renewing: their deliveries are taken over');
    });
  }
}
