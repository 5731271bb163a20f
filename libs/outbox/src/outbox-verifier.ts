import type { Database, Executor } from '@ops/db';
import type { Logger } from '@ops/logger';
import { sql } from 'drizzle-orm';
import { outboxChannel } from './outbox.js';
import type { OutboxTable } from './outbox-table.js';

/** What the verifier asks of the stream: the event id (`Nats-Msg-Id`) stored at a sequence, if any. */
export interface StoredEvents {
  messageIdAt(seq: number): Promise<string | null>;
}

export interface OutboxVerifierOptions {
  database: Database;
  table: OutboxTable;
  stream: StoredEvents;
  logger: Logger;
  /**
   * How far back published rows are checked. The broker acknowledges before it flushes to disk (every 2
   * minutes by default), so a crash can lose what it acknowledged within that interval. Default 10 minutes.
   */
  windowMs?: number;
}

export interface Verification {
  /** Published rows found in the window. */
  checked: boolean;
  /** Rows the stream no longer holds, marked to be published again. */
  lost: number;
  /** The relay held the outbox's lock (it was publishing): nothing was looked at, ask again in a moment. */
  busy: boolean;
}

interface PublishedRow extends Record<string, unknown> {
  event_id: string;
  stream_seq: number;
}

/**
 * Finds events the stream acknowledged and then lost (a broker crash inside its flush interval, a store
 * restored from an older copy) and hands them back to the relay, which publishes them again.
 *
 * A crash loses a suffix of what the server had stored, so one look at the newest published row answers
 * the common case: if the stream still holds that event at its sequence, it holds the earlier ones too.
 * Otherwise a binary search over the window's rows, by sequence, finds the first one lost, and that row and
 * every later one are marked unpublished. The comparison is by event id, not by existence: after a loss the
 * stream reuses the lost sequences for new messages.
 *
 * Republishing is safe to repeat: the `Nats-Msg-Id` de-duplicates within the stream's window and every
 * consumer is idempotent by event id.
 */
export class OutboxVerifier {
  private readonly windowMs: number;
  private readonly channel: string;

  constructor(private readonly options: OutboxVerifierOptions) {
    this.windowMs = options.windowMs ?? 10 * 60_000;
    this.channel = outboxChannel(options.table);
  }

  async verify(): Promise<Verification> {
    // Under the relay's lock: rows are neither being published nor marked while they are checked.
    const result = await this.options.database.tryExclusive(this.channel, (tx) => this.verifyWith(tx));
    return result ?? { checked: false, lost: 0, busy: true };
  }

  /** Marks every row published since `since` to be published again (an operator's repair). */
  async republishSince(since: Date): Promise<number> {
    const { database, table } = this.options;
    const rows = await database.query<{ id: number }>(
      database.orm,
      sql`with marked as (
            update ${table} set published_at = null, stream_seq = null
            where ${table.publishedAt} >= ${since.toISOString()}::timestamptz returning id)
          select id, pg_notify(${this.channel}, '') from marked`,
    );
    this.options.logger.warn({ since: since.toISOString(), events: rows.length }, 'outbox events marked to be published again');
    return rows.length;
  }

  private async verifyWith(tx: Executor): Promise<Verification> {
    const newest = await this.row(tx, sql`order by stream_seq desc`);
    if (!newest) return { checked: false, lost: 0, busy: false };
    if (await this.holds(newest)) return { checked: true, lost: 0, busy: false };
    const firstLost = await this.firstLost(tx, newest);
    const { database, table, logger } = this.options;
    const marked = await database.query<{ id: number }>(
      tx,
      sql`update ${table} set published_at = null, stream_seq = null where ${table.streamSeq} >= ${firstLost} returning id`,
    );
    await tx.execute(sql`select pg_notify(${this.channel}, '')`);
    logger.error({ fromSeq: firstLost, events: marked.length }, 'the stream lost events it had acknowledged: publishing them again');
    return { checked: true, lost: marked.length, busy: false };
  }

  /** The sequence of the first row the stream lost, knowing that `newest` is lost. */
  private async firstLost(tx: Executor, newest: PublishedRow): Promise<number> {
    const oldest = (await this.row(tx, sql`order by stream_seq asc`))!;
    if (!(await this.holds(oldest))) return oldest.stream_seq;
    // Invariant: the row at `held` is stored, the row at `lost` is not; no row between them checked yet.
    let held = oldest.stream_seq;
    let lost = newest.stream_seq;
    for (;;) {
      const middle = held + Math.floor((lost - held) / 2);
      const probe =
        (await this.row(tx, sql`and stream_seq > ${held} and stream_seq >= ${middle} and stream_seq < ${lost} order by stream_seq asc`)) ??
        (await this.row(tx, sql`and stream_seq > ${held} and stream_seq < ${middle} order by stream_seq desc`));
      if (!probe) return lost;
      if (await this.holds(probe)) held = probe.stream_seq;
      else lost = probe.stream_seq;
    }
  }

  private async row(tx: Executor, rest: ReturnType<typeof sql>): Promise<PublishedRow | undefined> {
    const { database, table } = this.options;
    const [row] = await database.query<PublishedRow>(
      tx,
      sql`select event_id, stream_seq from ${table}
          where stream_seq is not null and ${table.publishedAt} > now() - ${this.windowMs} * interval '1 millisecond' ${rest} limit 1`,
    );
    return row ? { event_id: row.event_id, stream_seq: Number(row.stream_seq) } : undefined;
  }

  private async holds(row: PublishedRow): Promise<boolean> {
    return (await this.options.stream.messageIdAt(row.stream_seq)) === row.event_id;
  }
}
