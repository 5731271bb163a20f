import { createEvent, isAllowedSource, type EventData, type EventEnvelope, type EventType } from '@ops/events';
import { createLogger, type Logger } from '@ops/logger';
import { connectNats, drainNats, EventPublisher, type NatsConnection } from '@ops/messaging';
import { NotAllowedError } from './errors.js';

export interface PublisherOptions {
  /** NATS servers, comma-separated, e.g. `nats://nats.ops.example.com:4222`. */
  servers: string;
  /** Your source name, as the catalog lists it (`eventSources(type)`); also your NATS user. */
  source: string;
  /** Your NATS password (the platform's operators give it to you). None for a broker without authentication. */
  password?: string;
  /** The platform's subject prefix. Default `events`. */
  subjectPrefix?: string;
  /** How long to wait for the broker's acknowledgement of one publish. Default 5 s. */
  ackTimeoutMs?: number;
  logger?: Logger;
}

/** What to publish: the envelope (id, source, time) is built for you. */
export interface EventInput<T extends EventType> {
  type: T;
  data: EventData<T>;
  /** The organization the event belongs to (whose endpoints may receive it); null for none. */
  orgId: string | null;
  /** When it happened. Default now. */
  time?: Date;
}

/**
 * A connection to the platform's broker for one source. `event` builds and validates an envelope (a ZodError
 * names a bad field); `publish` sends it and resolves once JetStream stored it, the event id as `Nats-Msg-Id` so
 * that a repeat within the stream's duplicate window (2 minutes) is dropped: retrying a publish is always safe.
 */
export class Publisher {
  private constructor(
    readonly nats: NatsConnection,
    readonly source: string,
    private readonly events: EventPublisher,
  ) {}

  static async connect(options: PublisherOptions): Promise<Publisher> {
    const logger = options.logger ?? createLogger({ name: options.source, level: 'warn' });
    const nats = await connectNats({
      servers: options.servers,
      name: options.source,
      logger,
      credentials: options.password === undefined ? undefined : { user: options.source, password: options.password },
    });
    return new Publisher(
      nats,
      options.source,
      new EventPublisher(nats, { subjectPrefix: options.subjectPrefix ?? 'events', ackTimeoutMs: options.ackTimeoutMs }),
    );
  }

  /** Builds an envelope of this source, its `data` checked against the catalog's schema. */
  event<T extends EventType>(input: EventInput<T>): EventEnvelope<T> {
    if (!isAllowedSource(input.type, this.source))
      throw new NotAllowedError(`source ${this.source} may not publish ${input.type} (docs/events.md lists who may)`);
    return createEvent({ type: input.type, source: this.source, orgId: input.orgId, data: input.data, time: input.time });
  }

  /** Publishes one envelope; resolves with its stream sequence once stored. */
  async publish(event: EventEnvelope): Promise<{ seq: number; duplicate: boolean }> {
    this.check(event);
    const ack = await this.events.publish(event);
    return { seq: ack.seq, duplicate: ack.duplicate };
  }

  /** Publishes in order with acks pipelined; rejects with the first failure (publish them all again: ids de-duplicate). */
  async publishAll(events: readonly EventEnvelope[]): Promise<Array<{ seq: number; duplicate: boolean }>> {
    for (const e of events) this.check(e);
    return (await this.events.publishAll(events)).map((ack) => ({ seq: ack.seq, duplicate: ack.duplicate }));
  }

  /** What an outbox relay publishes through: the same checks, the broker's acks as they come. */
  get relayTarget(): Pick<EventPublisher, 'publishAll'> {
    return {
      publishAll: (events) => {
        for (const e of events) this.check(e);
        return this.events.publishAll(events);
      },
    };
  }

  async close(): Promise<void> {
    await drainNats(this.nats);
  }

  private check(event: EventEnvelope): void {
    if (event.source !== this.source) throw new NotAllowedError(`this publisher is ${this.source}; the event says ${event.source}`);
    if (!isAllowedSource(event.type, event.source)) throw new NotAllowedError(`source ${event.source} may not publish ${event.type}`);
  }
}
