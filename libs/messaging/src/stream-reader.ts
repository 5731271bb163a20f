import { DeliverPolicy, jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { streamStatus, type StreamStatus } from './stream-status.js';

/** What the stream holds now: sequences `firstSeq..lastSeq` (none when `messages` is 0). */
export interface StreamBounds {
  firstSeq: number;
  lastSeq: number;
  messages: number;
  /** When the oldest message still held was stored. */
  firstTime: Date | undefined;
}

/** A message as the stream stores it. */
export interface StoredMessage {
  seq: number;
  subject: string;
  /** When the stream stored it. */
  time: Date;
  data: Uint8Array;
}

export interface StreamRead {
  messages: StoredMessage[];
  /** No message after the last one returned existed when it was read (with the filter applied). */
  caughtUp: boolean;
}

/** How long a read waits for messages when the stream holds none at or after its start. */
const EMPTY_READ_WAIT_MS = 1000;

/**
 * Reads a stream from a given position, as replays do: each read is a short-lived ordered consumer
 * (no durable state on the server, nothing to clean up), so a reader can stop anywhere and start again
 * from any sequence. Works on nats-server 2.9: one filter subject per read.
 */
export class StreamReader {
  private readonly js: JetStreamClient;
  private jsm: Promise<JetStreamManager> | undefined;

  constructor(
    private readonly nc: NatsConnection,
    private readonly stream: string,
  ) {
    this.js = jetstream(nc);
  }

  /** The stream's state and its consumers' lag (platform status). */
  async status(): Promise<StreamStatus> {
    return streamStatus(this.nc, this.stream);
  }

  async bounds(): Promise<StreamBounds> {
    this.jsm ??= jetstreamManager(this.nc);
    const { state } = await (await this.jsm).streams.info(this.stream);
    return {
      firstSeq: state.first_seq,
      lastSeq: state.last_seq,
      messages: state.messages,
      firstTime: state.messages > 0 ? new Date(state.first_ts) : undefined,
    };
  }

  /**
   * The `Nats-Msg-Id` of the message stored at `seq` (our event id), or null when the stream holds nothing
   * there: what tells whether a message the server acknowledged is still stored.
   */
  async messageIdAt(seq: number): Promise<string | null> {
    this.jsm ??= jetstreamManager(this.nc);
    const message = await (await this.jsm).streams.getMessage(this.stream, { seq });
    return message?.header.get('Nats-Msg-Id') || null;
  }

  /** The sequence of the first message stored at or after `time`, or undefined when there is none yet. */
  async firstSeqAtOrAfter(time: Date): Promise<number | undefined> {
    const { messages } = await this.fetch({ deliver_policy: DeliverPolicy.StartTime, opt_start_time: time.toISOString() }, 1);
    return messages[0]?.seq;
  }

  /** Up to `max` messages from `fromSeq` on, in stream order, only those on `filterSubject` when given. */
  async read(fromSeq: number, max: number, filterSubject?: string): Promise<StreamRead> {
    return this.fetch(
      { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: fromSeq, ...(filterSubject && { filter_subjects: filterSubject }) },
      max,
    );
  }

  private async fetch(options: Parameters<JetStreamClient['consumers']['get']>[1] & object, max: number): Promise<StreamRead> {
    const consumer = await this.js.consumers.get(this.stream, options);
    const messages: StoredMessage[] = [];
    let caughtUp = true;
    const batch = await consumer.fetch({ max_messages: max, expires: EMPTY_READ_WAIT_MS });
    for await (const m of batch) {
      messages.push({ seq: m.seq, subject: m.subject, time: m.time, data: m.data });
      caughtUp = m.info.pending === 0;
      // Stop as soon as nothing more is there, instead of waiting out `expires` for messages that will not come.
      if (caughtUp || messages.length === max) break;
    }
    await consumer.delete().catch(() => undefined);
    return { messages, caughtUp };
  }
}
