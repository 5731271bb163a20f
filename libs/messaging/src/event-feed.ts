import { DeliverPolicy, jetstream, type ConsumerMessages } from '@nats-io/jetstream';
import { distrust, parseEnvelope, subjectFor, type EventEnvelope } from '@ops/events';
import type { Logger } from '@ops/logger';
import type { NatsConnection } from './connection.js';
import type { EventsStreamOptions } from './stream.js';

export interface EventFeedOptions {
  nats: NatsConnection;
  stream: EventsStreamOptions;
  logger: Logger;
  /** The event types followed: a type, or a family such as `user.>`. */
  types: string;
  /** Read the history stored since then first; without it, only events stored from now on. */
  since?: Date;
  onEvent(event: EventEnvelope): void;
}

/**
 * Follows some event types in memory, with an ordered consumer (nothing durable on the server, nothing to clean
 * up), for state a process rebuilds at every start: revocations, cached roles. `start` resolves once the
 * history asked for is read. A message that is not an event, or not trusted (type or source), is logged and skipped.
 */
export class EventFeed {
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> | undefined;

  constructor(private readonly options: EventFeedOptions) {}

  async start(): Promise<void> {
    const { nats, stream, since, logger } = this.options;
    const consumer = await jetstream(nats).consumers.get(stream.name, {
      filter_subjects: subjectFor(this.options.types, stream.subjectPrefix),
      ...(since ? { deliver_policy: DeliverPolicy.StartTime, opt_start_time: since.toISOString() } : { deliver_policy: DeliverPolicy.New }),
    });
    let caughtUp!: () => void;
    const ready = new Promise<void>((resolve) => (caughtUp = resolve));
    if (!since || (await consumer.info()).num_pending === 0) caughtUp();
    this.messages = await consumer.consume();
    this.loop = (async () => {
      for await (const m of this.messages!) {
        try {
          const event = parseEnvelope(m.json());
          // The webhook service's consumer keeps untrusted messages as dead letters; a feed only skips them.
          const rejection = distrust(m.subject.slice(stream.subjectPrefix.length + 1), event);
          if (rejection) logger.warn({ seq: m.seq, ...rejection }, 'event feed skips an untrusted message');
          else this.options.onEvent(event);
        } catch (err) {
          logger.warn({ err, seq: m.seq, types: this.options.types }, 'event feed skips a malformed message');
        }
        if (m.info.pending === 0) caughtUp();
      }
    })();
    await ready;
  }

  async stop(): Promise<void> {
    await this.messages?.close();
    await this.loop;
  }
}
