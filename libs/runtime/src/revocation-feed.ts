import { revocationOf, Revocations, subjectOf } from '@ops/auth';
import type { Logger } from '@ops/logger';
import { EventFeed, type EventsStreamOptions, type NatsConnection } from '@ops/messaging';

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
  private readonly feed: EventFeed;
  private pruner: NodeJS.Timeout | undefined;

  constructor(private readonly options: RevocationFeedOptions) {
    this.feed = new EventFeed({
      ...options,
      types: 'user.>',
      since: new Date(Date.now() - options.tokenTtlMs),
      onEvent: (event) => {
        const subject = subjectOf(event);
        if (subject) this.revocations.noteSubject(subject.userId, subject.atMs);
        const revoked = revocationOf(event);
        if (revoked) this.revocations.revoke(revoked.userId, revoked.atMs);
      },
    });
  }

  async start(): Promise<void> {
    await this.feed.start();
    this.pruner = setInterval(() => this.revocations.prune(Date.now() - this.options.tokenTtlMs), 60_000);
    this.pruner.unref();
    // One token lifetime of user events read: a subject not among them has no valid token (see Revocations).
    this.revocations.trackSubjects();
  }

  async stop(): Promise<void> {
    clearInterval(this.pruner);
    await this.feed.stop();
  }
}
