import { NotifiedWork, type Database, type Executor } from '@ops/db';
import type { EventEnvelope } from '@ops/events';
import type { Logger } from '@ops/logger';
import type { EventPublisher } from '@ops/messaging';
import { currentTraceparent, runIn, SpanKind, SpanStatusCode, startSpan } from '@ops/tracing';
import { asc, inArray, isNull, lt, sql } from 'drizzle-orm';
import { outboxChannel } from './outbox.js';
import type { OutboxTable } from './outbox-table.js';

export interface OutboxRelayOptions {
  database: Database;
  table: OutboxTable;
  publisher: Pick<EventPublisher, 'publishAll'>;
  logger: Logger;
  /** Rows published per round. Default 500. */
  batchSize?: number;
  /** A safety poll in case a NOTIFY was missed (reconnect) or another replica held the lock. Default 1 s. */
  pollIntervalMs?: number;
  /**
   * Published rows are kept this long, then deleted in small batches. Default 24 h. They are what a broker's
   * lost messages are republished from (OutboxVerifier), so keep them well past its flush interval.
   */
  retentionMs?: number;
}

/**
 * Publishes outbox rows to JetStream in id order and marks them published. Woken by NOTIFY within
 * milliseconds of a commit. Crash-safe: a row is marked only after its PubAck, so a crash republishes it,
 * and the Nats-Msg-Id (the event id) lets JetStream drop the repeat. One replica relays at a time.
 */
export class OutboxRelay {
  private readonly batchSize: number;
  private readonly channel: string;
  private readonly passes: NotifiedWork;
  private stopped = false;
  private lastCleanupAt = 0;

  constructor(private readonly options: OutboxRelayOptions) {
    this.batchSize = options.batchSize ?? 500;
    this.channel = outboxChannel(options.table);
    this.passes = new NotifiedWork(options.database, {
      channel: this.channel,
      pollIntervalMs: options.pollIntervalMs ?? 1000,
      work: () => this.relayUntilEmpty(),
    });
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.passes.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.passes.stop();
  }

  /** Resolves when nothing is left to publish (used by tests and shutdown). */
  async flush(): Promise<void> {
    await this.passes.idle();
    await this.relayUntilEmpty();
    // A pass woken meanwhile may have held the relay's lock, so that ours published nothing: it publishes them.
    await this.passes.idle();
  }

  /** Unpublished rows and the age of the oldest, for metrics and readiness. */
  async lag(): Promise<{ pending: number; oldestAgeMs: number }> {
    const { database, table } = this.options;
    const [row] = await database.query<{ pending: number; oldest: string | null }>(
      database.orm,
      sql`select count(*)::int as pending, min(${table.createdAt})::text as oldest from ${table} where ${table.publishedAt} is null`,
    );
    return { pending: row?.pending ?? 0, oldestAgeMs: row?.oldest ? Date.now() - new Date(row.oldest).getTime() : 0 };
  }

  private async relayUntilEmpty(): Promise<void> {
    try {
      while (!this.stopped && (await this.relayBatch()) === this.batchSize);
      await this.cleanup();
    } catch (err) {
      // NATS or PostgreSQL is down: the rows stay, the next poll tries again.
      this.options.logger.warn({ err }, 'outbox relay round failed; will retry');
    }
  }

  private async relayBatch(): Promise<number> {
    const { database, table, publisher } = this.options;
    const published = await database.tryExclusive(this.channel, async (tx: Executor) => {
      const rows = await tx
        .select({ id: table.id, envelope: table.envelope, traceContext: table.traceContext })
        .from(table)
        .where(isNull(table.publishedAt))
        .orderBy(asc(table.id))
        .limit(this.batchSize);
      if (rows.length === 0) return 0;
      const acks = await publishTraced(publisher, rows);
      // Integers only, so the array literals are safe to build; two parameters whatever the batch size.
      await tx.execute(sql`
        update ${table} set published_at = now(), stream_seq = x.seq
        from unnest(${`{${rows.map((r) => r.id).join(',')}}`}::bigint[], ${`{${acks.map((a) => a.seq).join(',')}}`}::bigint[]) as x(id, seq)
        where ${table.id} = x.id`);
      return rows.length;
    });
    return published ?? 0;
  }

  private async cleanup(): Promise<void> {
    if (Date.now() - this.lastCleanupAt < 60_000) return;
    this.lastCleanupAt = Date.now();
    const { database, table } = this.options;
    const before = new Date(Date.now() - (this.options.retentionMs ?? 24 * 3600_000));
    // Small batches: a long delete would hold locks the request path needs.
    const old = database.orm.select({ id: table.id }).from(table).where(lt(table.publishedAt, before)).limit(1000);
    await database.orm.delete(table).where(inArray(table.id, old));
  }
}

/**
 * Publishes the rows, each traced one as a `publish <type>` span, child of the work that wrote it, whose
 * traceparent travels in the message's headers for the consumers to continue. Untraced rows add no span.
 */
async function publishTraced(
  publisher: OutboxRelayOptions['publisher'],
  rows: ReadonlyArray<{ envelope: EventEnvelope; traceContext: string | null }>,
): ReturnType<EventPublisher['publishAll']> {
  const spans = rows.map((r) =>
    r.traceContext
      ? startSpan('@ops/outbox', `publish ${r.envelope.type}`, {
          kind: SpanKind.PRODUCER,
          parent: r.traceContext,
          attributes: {
            'messaging.system': 'nats',
            'messaging.operation.type': 'send',
            'messaging.message.id': r.envelope.id,
            'event.type': r.envelope.type,
          },
        })
      : undefined,
  );
  try {
    return await publisher.publishAll(
      rows.map((r) => r.envelope),
      spans.map((s) => (s ? runIn(s.context, currentTraceparent) : null)),
    );
  } catch (err) {
    for (const s of spans) s?.span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
    throw err;
  } finally {
    for (const s of spans) s?.span.end();
  }
}
