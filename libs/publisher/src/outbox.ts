import type { Database, Executor } from '@ops/db';
import type { EventEnvelope, EventType } from '@ops/events';
import { createLogger, type Logger } from '@ops/logger';
import { addToOutbox, ensureOutboxTable, OutboxRelay, type OutboxTable } from '@ops/outbox';
import type { EventInput, Publisher } from './publisher.js';

export interface OutboxOptions {
  /** Your PostgreSQL (`connectDatabase('postgres://...')`), the one your state lives in. */
  database: Database;
  /** The schema that holds the `outbox` table, created if missing. Default `ops_outbox`. */
  schema?: string;
  publisher: Publisher;
  /** Published rows are kept this long (what a lost publish is found in), then deleted. Default 24 h. */
  retentionMs?: number;
  logger?: Logger;
}

/**
 * A transactional outbox in your own PostgreSQL: `add` writes the event in the transaction of your state change,
 * so that both commit or neither does; the relay, woken by NOTIFY at commit, publishes it and marks it
 * published only after the broker's ack. A crash or a broker outage delays an event, never loses it or sends
 * one whose change rolled back. Several replicas may run it: one relays at a time.
 */
export class Outbox {
  private constructor(
    readonly table: OutboxTable,
    private readonly relay: OutboxRelay,
    private readonly publisher: Publisher,
  ) {}

  static async start(options: OutboxOptions): Promise<Outbox> {
    const table = await ensureOutboxTable(options.database, options.schema ?? 'ops_outbox');
    const logger = options.logger ?? createLogger({ name: options.publisher.source, level: 'warn' });
    const relay = new OutboxRelay({
      database: options.database,
      table,
      publisher: options.publisher.relayTarget,
      logger,
      retentionMs: options.retentionMs,
    });
    await relay.start();
    return new Outbox(table, relay, options.publisher);
  }

  /** Builds the event (validated against the catalog) and writes it in `tx`; it is published after `tx` commits. */
  async add<T extends EventType>(tx: Executor, input: EventInput<T>): Promise<EventEnvelope<T>> {
    const event = this.publisher.event(input);
    await addToOutbox(tx, this.table, [event]);
    return event;
  }

  /**
   * Resolves when every committed event is published (before a job exits); rejects if some could not be (the
   * broker unreachable, or refusing them): they stay in the outbox for the next start.
   */
  async flush(): Promise<void> {
    await this.relay.flush();
    const { pending } = await this.relay.lag();
    if (pending > 0)
      throw new Error(
        `${pending} events are not published yet: the broker is unreachable or refused them (see the log); they stay in the outbox`,
      );
  }

  /** Events not yet published and the age of the oldest: what to alert on. */
  lag(): Promise<{ pending: number; oldestAgeMs: number }> {
    return this.relay.lag();
  }

  async stop(): Promise<void> {
    await this.relay.stop();
  }
}
