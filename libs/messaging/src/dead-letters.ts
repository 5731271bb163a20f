import { jetstream, jetstreamManager, RetentionPolicy, StorageType, type JetStreamClient, type JsMsg } from '@nats-io/jetstream';
import { headers as natsHeaders, nanos, type NatsConnection } from '@nats-io/transport-node';
import type { Rejection, RejectionReason } from '@ops/events';
import type { EventsStreamOptions } from './stream.js';

/** Headers a dead letter carries beside the original bytes. */
export const DEAD_LETTER_HEADERS = {
  reason: 'Ops-Rejection-Reason',
  detail: 'Ops-Rejection-Detail',
  subject: 'Ops-Original-Subject',
  seq: 'Ops-Original-Seq',
  consumer: 'Ops-Consumer',
} as const;

/** One rejected message, as an operator reads it. */
export interface DeadLetter {
  /** Its position in the dead-letter stream. */
  seq: number;
  reason: RejectionReason;
  detail: string;
  /** Where it was published, and its sequence in the events stream (what a replay or `nats stream get` finds). */
  subject: string;
  streamSeq: number;
  consumer: string;
  rejectedAt: string;
  /** The message as it was published, as text (cut to 4 KiB). */
  body: string;
}

export interface DeadLetterList {
  /** Dead letters the stream holds. */
  total: number;
  /** The newest first. */
  data: DeadLetter[];
}

const BODY_LIMIT = 4096;

/**
 * Where a consumer puts the messages it will not handle (not an event, or an event it does not trust): a stream
 * of its own, `<EVENTS>_DEAD_LETTERS` on `deadletter.<prefix>.>`, holding the original bytes with the reason,
 * the original subject and sequence in headers. A stream, not a table, so that any consumer can keep them
 * without a schema of its own, and `nats stream view` shows them too.
 */
export class DeadLetters {
  readonly stream: string;
  private readonly subjectPrefix: string;
  private readonly replicas: number;
  private readonly js: JetStreamClient;

  constructor(
    private readonly nc: NatsConnection,
    events: Pick<EventsStreamOptions, 'name' | 'subjectPrefix' | 'replicas'>,
    private readonly options: { maxAgeMs: number },
  ) {
    this.stream = `${events.name}_DEAD_LETTERS`;
    this.subjectPrefix = `deadletter.${events.subjectPrefix}`;
    this.replicas = events.replicas;
    this.js = jetstream(nc);
  }

  /** Creates the stream, or brings its limits in line; safe from every replica. */
  async ensureStream(): Promise<void> {
    const jsm = await jetstreamManager(this.nc);
    const config = {
      name: this.stream,
      subjects: [`${this.subjectPrefix}.>`],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      max_age: nanos(this.options.maxAgeMs),
      num_replicas: this.replicas,
    };
    try {
      const info = await jsm.streams.info(this.stream);
      await jsm.streams.update(this.stream, { ...info.config, ...config });
    } catch (err) {
      if (!(err instanceof Error && err.name === 'StreamNotFoundError')) throw err;
      await jsm.streams.add(config);
    }
  }

  /**
   * Keeps `message` with why it was rejected; resolves once the server acknowledged it. The message id is the
   * original stream and sequence, so a redelivered rejection is kept once.
   */
  async keep(message: JsMsg, rejection: Rejection, consumer: string): Promise<void> {
    const h = natsHeaders();
    h.set(DEAD_LETTER_HEADERS.reason, rejection.reason);
    // Header values are one line.
    h.set(DEAD_LETTER_HEADERS.detail, rejection.detail.replace(/\s+/g, ' ').slice(0, 1000));
    h.set(DEAD_LETTER_HEADERS.subject, message.subject);
    h.set(DEAD_LETTER_HEADERS.seq, String(message.seq));
    h.set(DEAD_LETTER_HEADERS.consumer, consumer);
    await this.js.publish(`deadletter.${message.subject}`, message.data, {
      headers: h,
      msgID: `${message.info.stream}:${message.seq}:${consumer}`,
    });
  }

  /** The newest `limit` dead letters. */
  async list(limit: number): Promise<DeadLetterList> {
    const jsm = await jetstreamManager(this.nc);
    const { state } = await jsm.streams.info(this.stream);
    const data: DeadLetter[] = [];
    for (let seq = state.last_seq; seq >= state.first_seq && seq > 0 && data.length < limit; seq--) {
      const m = await jsm.streams.getMessage(this.stream, { seq });
      if (!m) continue;
      const text = new TextDecoder().decode(m.data);
      data.push({
        seq: m.seq,
        reason: m.header.get(DEAD_LETTER_HEADERS.reason) as RejectionReason,
        detail: m.header.get(DEAD_LETTER_HEADERS.detail),
        subject: m.header.get(DEAD_LETTER_HEADERS.subject),
        streamSeq: Number(m.header.get(DEAD_LETTER_HEADERS.seq)),
        consumer: m.header.get(DEAD_LETTER_HEADERS.consumer),
        rejectedAt: m.time.toISOString(),
        body: text.length > BODY_LIMIT ? `${text.slice(0, BODY_LIMIT)}…` : text,
      });
    }
    return { total: state.messages, data };
  }
}
