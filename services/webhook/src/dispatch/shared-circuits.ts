import type { Database, Executor } from '@ops/db';
import type { Logger } from '@ops/logger';
import { Periodic } from '@ops/runtime';
import { eq, sql } from 'drizzle-orm';
import { endpointCircuits } from '../schema.js';
import type { CircuitBreaker } from './circuit-breaker.js';

export interface SharedCircuitsOptions {
  database: Database;
  breaker: CircuitBreaker;
  logger: Logger;
  /** How often the circuits other workers opened are read. */
  intervalMs: number;
}

/**
 * Makes one worker's circuit decisions every worker's: a circuit that opens here is written to
 * `endpoint_circuits`, a probe that succeeds here removes it, and every worker reads the table every
 * `intervalMs`, resting the endpoints others found dead and closing those others found alive again.
 */
export class SharedCircuits {
  private readonly reading: Periodic;
  /** Circuits opened here whose row is being written: a read meanwhile must not take them for closed. */
  private readonly writing = new Set<string>();

  constructor(private readonly options: SharedCircuitsOptions) {
    this.reading = new Periodic(() => this.read(), {
      intervalMs: options.intervalMs,
      logger: options.logger,
      what: 'reading the circuits other workers opened',
    });
  }

  start(): void {
    this.reading.start();
  }

  async stop(): Promise<void> {
    await this.reading.stop();
  }

  /** This worker opened (or re-opened after a failed probe) the endpoint's circuit. */
  async opened(endpointId: string): Promise<void> {
    const { breaker, database } = this.options;
    const openUntil = new Date(breaker.openUntil(endpointId)).toISOString();
    this.writing.add(endpointId);
    await database.orm
      .insert(endpointCircuits)
      .values({ endpointId, openUntil: sql`${openUntil}::timestamptz`, openMs: breaker.openMs(endpointId) })
      .onConflictDoUpdate({
        target: endpointCircuits.endpointId,
        set: { openUntil: sql`excluded.open_until`, openMs: sql`excluded.open_ms` },
      })
      // An endpoint deleted meanwhile has nothing to rest.
      .catch((err: unknown) =>
        this.options.logger.warn({ err, endpointId }, 'could not share an open circuit; other workers find out by their own failures'),
      )
      .finally(() => this.writing.delete(endpointId));
  }

  /** A probe from this worker succeeded: the endpoint answers again. */
  async closed(endpointId: string): Promise<void> {
    await this.options.database.orm
      .delete(endpointCircuits)
      .where(eq(endpointCircuits.endpointId, endpointId))
      .catch((err: unknown) =>
        this.options.logger.warn({ err, endpointId }, 'could not share a closed circuit; other workers probe it themselves'),
      );
  }

  private async read(): Promise<void> {
    const writing = [...this.writing];
    const rows = await this.options.database.orm.select().from(endpointCircuits);
    for (const row of rows) this.options.breaker.adopt(row.endpointId, new Date(row.openUntil).getTime(), row.openMs);
    this.options.breaker.closeAllBut(new Set([...rows.map((r) => r.endpointId), ...writing, ...this.writing]));
  }
}

/** An endpoint's circuit as every worker sees it: open until when and for how long a rest, or undefined when closed. */
export async function sharedCircuitOf(
  executor: Executor,
  endpointId: string,
  now = new Date(),
): Promise<{ openUntil: Date; openMs: number } | undefined> {
  const [row] = await executor.select().from(endpointCircuits).where(eq(endpointCircuits.endpointId, endpointId));
  return row && row.openUntil > now ? { openUntil: row.openUntil, openMs: row.openMs } : undefined;
}
