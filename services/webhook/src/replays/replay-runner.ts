import { NotifiedWork, type Database } from '@ops/db';
import { distrust, newId, parseEnvelope, subjectFor } from '@ops/events';
import type { Logger } from '@ops/logger';
import type { StreamReader } from '@ops/messaging';
import { sql } from 'drizzle-orm';
import type { EndpointDirectory } from '../endpoints/endpoint-directory.js';
import type { ReceivedEvent } from '../delivery-store/index.js';
import { replays, type ReplayRow } from '../schema.js';
import { recordReplayBatch, ReplayLeaseLostError } from './record-replay-batch.js';

/** The NOTIFY channel that tells runners (in every replica) that a replay was started or resumed. */
export const REPLAYS_CHANNEL = 'webhooks_replays';

export interface ReplayRunnerOptions {
  database: Database;
  reader: StreamReader;
  directory: EndpointDirectory;
  logger: Logger;
  subjectPrefix: string;
  /** Stream messages per batch (one transaction each). */
  batchSize?: number;
  /**
   * How long a replay stays this worker's without a batch written; a worker that dies loses it after this.
   * Default 8 s: every batch renews it, and a batch takes well under a second.
   */
  leaseMs?: number;
  /** How often to look for replays to run (besides being woken by a NOTIFY) and for leases that ran out. */
  pollIntervalMs?: number;
}

/**
 * Runs replays: takes a running replay no live worker holds, reads its range from the stream batch by batch,
 * and records each batch with the checkpoint (record-replay-batch). One replay at a time per worker; two
 * replicas run two replays side by side and never the same one. Stopping, pausing or dying leaves the
 * checkpoint at the last batch written, and whoever takes the replay next goes on from there.
 */
export class ReplayRunner {
  readonly id = newId('rnr');
  private readonly passes: NotifiedWork;
  private stopped = false;

  constructor(private readonly options: ReplayRunnerOptions) {
    this.passes = new NotifiedWork(options.database, {
      channel: REPLAYS_CHANNEL,
      pollIntervalMs: options.pollIntervalMs ?? 1000,
      work: () =>
        this.runAll().catch((err: unknown) => options.logger.error({ err }, 'replay runner failed; it tries again at the next poll')),
    });
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.passes.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.passes.stop();
    // Hand back what this worker holds, for another to take at once instead of after the lease.
    await this.options.database.orm.execute(sql`update ${replays} set runner = null, lease_expires_at = null where runner = ${this.id}`);
  }

  /** Looks for a replay to run now (tests: a second worker driven by hand). */
  wake(): void {
    this.passes.wake();
  }

  private async runAll(): Promise<void> {
    for (let replay = await this.take(); replay && !this.stopped; replay = await this.take()) {
      await this.run(replay);
    }
  }

  /** Takes the oldest running replay that no worker holds (or whose worker's lease ran out). */
  private async take(): Promise<ReplayRow | undefined> {
    const [row] = await this.options.database.orm
      .update(replays)
      .set({ runner: this.id, leaseExpiresAt: sql`now() + ${this.leaseMs} * interval '1 millisecond'`, updatedAt: sql`now()` })
      .where(
        sql`${replays.id} = (select id from ${replays} where status = 'running' and (runner is null or lease_expires_at < now())
          order by created_at limit 1 for update skip locked)`,
      )
      .returning();
    return row;
  }

  private get leaseMs(): number {
    return this.options.leaseMs ?? 8_000;
  }

  private async run(replay: ReplayRow): Promise<void> {
    const { reader, logger } = this.options;
    const filter = streamFilter(replay.eventTypes, this.options.subjectPrefix);
    let next = replay.nextSeq;
    logger.info({ replayId: replay.id, fromSeq: next, toSeq: replay.toSeq }, 'replay running');
    while (!this.stopped) {
      const bounds = await reader.bounds();
      if (next < bounds.firstSeq && next <= replay.toSeq) {
        await this.fail(
          replay,
          `events ${next}-${Math.min(bounds.firstSeq - 1, replay.toSeq)} left the stream (its age or size limit) before they were replayed`,
        );
        return;
      }
      const read =
        next > bounds.lastSeq ? { messages: [], caughtUp: true } : await reader.read(next, this.options.batchSize ?? 500, filter);
      const inRange = read.messages.filter((m) => m.seq <= replay.toSeq);
      const lastSeq = inRange.at(-1)?.seq;
      const last = read.caughtUp || inRange.length < read.messages.length || lastSeq === undefined || lastSeq >= replay.toSeq;
      const events: ReceivedEvent[] = [];
      for (const m of inRange) {
        try {
          const event = parseEnvelope(JSON.parse(Buffer.from(m.data).toString('utf8')));
          // What live ingest refused (and kept as a dead letter) a replay must not deliver either.
          const rejection = distrust(m.subject.slice(this.options.subjectPrefix.length + 1), event);
          if (rejection) logger.warn({ replayId: replay.id, seq: m.seq, ...rejection }, 'replay skips an untrusted message');
          else events.push({ event, streamSeq: m.seq });
        } catch (err) {
          logger.warn({ err, replayId: replay.id, seq: m.seq }, 'replay skips a malformed message');
        }
      }
      try {
        await recordReplayBatch(this.options.database, this.options.directory, replay, {
          events,
          read: inRange.length,
          nextSeq: last ? replay.toSeq + 1 : lastSeq + 1,
          last,
          runner: this.id,
          leaseMs: this.leaseMs,
        });
      } catch (err) {
        if (!(err instanceof ReplayLeaseLostError)) throw err;
        logger.info({ replayId: replay.id }, 'replay paused, cancelled or taken over; this worker stops reading it');
        return;
      }
      if (last) {
        logger.info({ replayId: replay.id }, 'replay completed');
        return;
      }
      next = lastSeq + 1;
    }
  }

  private async fail(replay: ReplayRow, error: string): Promise<void> {
    this.options.logger.warn({ replayId: replay.id, error }, 'replay failed');
    await this.options.database.orm.execute(sql`
      update ${replays} set status = 'failed', error = ${error}, runner = null, lease_expires_at = null, completed_at = now(), updated_at = now()
      where id = ${replay.id} and runner = ${this.id} and status = 'running'`);
  }
}

/**
 * The stream subject a replay reads: narrowed to its one event type or family when it has one (`user.*` is
 * `events.user.>`, as types can have three parts), else everything; several types are filtered here instead,
 * as nats-server 2.9 takes one filter subject.
 */
function streamFilter(eventTypes: readonly string[] | null, prefix: string): string | undefined {
  if (eventTypes?.length !== 1 || eventTypes[0] === '*') return undefined;
  const [pattern] = eventTypes as [string];
  return pattern.endsWith('.*') ? subjectFor(`${pattern.slice(0, -1)}>`, prefix) : subjectFor(pattern, prefix);
}
