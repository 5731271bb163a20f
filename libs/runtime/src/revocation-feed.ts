import { DeliverPolicy, jetstream, type ConsumerMessages } from '@nats-io/jetstream';
import { revocationOf, Revocations, subjectOf } from '@ops/auth';
import { parseEnvelope, subjectFor } from '@ops/events';
import type { Logger } from '@ops/logger';
import type { EventsStreamOptions, NatsConnection } from '@ops/messaging';

export interface RevocationFeedOptions {
  nats: NatsConnection;
  stream: EventsStreamOptions;
  logger: Logger;
  /** The longest token lifetime: revocations older than this cannot concern a token still valid. */
  tokenTtlMs: number;
}

/**
 * Keeps a service's Revocations current from the user events on the stream: an ordered consumer (in memory,
 * nothing durable) starting one token lifetime ago, which is all the history a still-valid token can
 * predate. `start` resolves once that history is read, so a restarted service refuses revoked tokens from its
 * first request; afterwards a sign-out reaches it within milliseconds. Every user event also vouches for its
 * user's existence: tokens of subjects the history never mentions are refused (Revocations).
 */
export class RevocationFeed {
  readonly revocations = new Revocations();
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> | undefined;
  private pruner: NodeJS.Timeout | undefined;

  constructor(private readonly options: RevocationFeedOptions) {}

  async start(): Promise<void> {
    const { nats, stream, tokenTtlMs } = this.options;
    const consumer = await jetstream(nats).consumers.get(stream.name, {
      filter_subjects: subjectFor('user.>', stream.subjectPrefix),
      deliver_policy: DeliverPolicy.StartTime,
      opt_start_time: new Date(Date.now() - tokenTtlMs).toISOString(),
    });
    const pending = (await consumer.info()).num_pending;
    let caughtUp!: () => void;
    const ready = new Promise<void>((resolve) => (caughtUp = resolve));
    if (pending === 0) caughtUp();
    this.messages = await consumer.consume();
    this.loop = (async () => {
      for await (const m of this.messages!) {
        try {
          const event = parseEnvelope(m.json());
          const subject = subjectOf(event);
          if (subject) this.revocations.noteSubject(subject.userId, subject.atMs);
          const revoked = revocationOf(event);
          if (revoked) this.revocations.revoke(revoked.userId, revoked.atMs);
        } catch (err) {
          this.options.logger.warn({ err, seq: m.seq }, 'revocation feed skips a malformed user event');
        }
        if (m.info.pending === 0) caughtUp();
      }
    })();
    this.pruner = setInterval(() => this.revocations.prune(Date.now() - tokenTtlMs), 60_000);
    this.pruner.unref();
    await ready;
    // One token lifetime of user events read: a subject not among them has no valid token (see Revocations).
    this.revocations.trackSubjects();
  }

  async stop(): Promise<void> {
    clearInterval(this.pruner);
    await this.messages?.close();
    await this.loop;
  }
}
