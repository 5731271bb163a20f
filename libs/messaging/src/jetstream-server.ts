import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import { distrust, parseEnvelope, type EventEnvelope, type Rejection } from '@ops/events';
import type { Logger } from '@ops/logger';
import { isObservable, lastValueFrom } from 'rxjs';
import type { DeadLetters } from './dead-letters.js';
import { malformedDetail, RejectedMessageError } from './errors.js';
import { JetStreamContext } from './jetstream-context.js';
import { Slots } from './slots.js';
import { inSpan, SpanKind, type SpanOptions } from '@ops/tracing';
import { matchesSubject } from './subject-pattern.js';

/**
 * How long one pull request waits on the server before the client renews it. A pull left on a cluster node that
 * lost the consumer's leadership is answered by nobody until it expires: the library's default (30 s) held events
 * back that long after a node died (the compose stack's node-loss check); 5 s bounds that pause at a cost of one
 * small request per 5 s when idle.
 */
const PULL_EXPIRES_MS = 5_000;

/** Transport id for `@EventPattern(pattern, JETSTREAM)`, kept apart from Nest's core NATS transport. */
export const JETSTREAM = Symbol('jetstream');

export interface JetStreamServerOptions {
  connection: NatsConnection;
  logger: Logger;
  stream: string;
  /** The stream's subject prefix; handler patterns are event types (`user.created`, `user.*`, `>`) below it. */
  subjectPrefix: string;
  /** Durable consumer name: replicas sharing it split the work. */
  durable: string;
  /** Event-type filter applied by the server, e.g. `user.created`; default every event. */
  filterType?: string;
  /** Messages handled concurrently by this process (and pulled ahead). Default 256. */
  maxInFlight?: number;
  /** Unacknowledged messages across all replicas before the server stops delivering. Default 10,000. */
  maxAckPending?: number;
  /**
   * Redelivery after this long without an ack or a sign of progress: how soon the messages a killed process
   * held go to another. Messages being handled are kept alive with progress signals every third of it, so a
   * slow handler is not redelivered. Default 6 s.
   */
  ackWaitMs?: number;
  /** First nak delay after a handler throws; doubles per delivery, capped at 60 s. Default 1 s. */
  nakDelayMs?: number;
  /**
   * Where messages that are not events, or events not trusted (type or source), are kept. Without it they are
   * logged and terminated: a consumer that sees only part of the stream leaves keeping them to one that sees all.
   */
  deadLetters?: DeadLetters;
  /** Told of each message rejected and kept (metrics). */
  onRejected?(rejection: Rejection): void;
}

/**
 * A NestJS transport running a durable JetStream pull consumer. A message is acknowledged only after
 * every matching handler resolved; a throwing handler gets the message redelivered later (nak with delay).
 * Nothing is dropped: max_deliver is unlimited, and a crash leaves unacked messages to the ack timeout.
 */
export class JetStreamServer extends Server implements CustomTransportStrategy {
  override readonly transportId = JETSTREAM;
  private readonly slots: Slots;
  private messages: ConsumerMessages | undefined;
  private closed = false;
  private loop: Promise<void> | undefined;
  private readonly routes = new Map<string, MessageHandler[]>();
  /** Messages handed to handlers and not yet acked or nak'd: told every third of ack_wait that work goes on. */
  private readonly handling = new Set<JsMsg>();
  private progress: NodeJS.Timeout | undefined;
  /** When the last message arrived (or the consumer started), for readiness checks. */
  lastMessageAt = Date.now();

  constructor(private readonly options: JetStreamServerOptions) {
    super();
    this.slots = new Slots(options.maxInFlight ?? 256);
  }

  listen(callback: (...optionalParams: unknown[]) => void): void {
    this.progress = setInterval(
      () => {
        for (const message of this.handling) message.working();
      },
      Math.max(100, Math.floor(this.ackWaitMs / 3)),
    );
    this.loop = this.run(callback);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.messages?.close();
    await this.loop;
    await this.slots.drained();
    clearInterval(this.progress);
  }

  private get ackWaitMs(): number {
    return this.options.ackWaitMs ?? 6_000;
  }

  /** Messages the consumer has not yet had acknowledged: waiting in the stream, or handed out. */
  async backlog(): Promise<number> {
    const jsm = await jetstreamManager(this.options.connection);
    const info = await jsm.consumers.info(this.options.stream, this.options.durable);
    return info.num_pending + info.num_ack_pending;
  }

  on(): void {
    // This transport emits no status events of its own; NATS status is logged by the connection.
  }

  unwrap<T>(): T {
    return this.options.connection as T;
  }

  private async run(ready: (...args: unknown[]) => void): Promise<void> {
    let signalled = false;
    while (!this.closed) {
      try {
        await this.ensureConsumer();
        const consumer = await jetstream(this.options.connection).consumers.get(this.options.stream, this.options.durable);
        this.messages = await consumer.consume({ max_messages: this.options.maxInFlight ?? 256, expires: PULL_EXPIRES_MS });
        void this.watch(this.messages);
        if (!signalled) {
          signalled = true;
          ready();
        }
        for await (const message of this.messages) {
          this.lastMessageAt = Date.now();
          await this.slots.acquire();
          this.handling.add(message);
          void this.handle(message).finally(() => {
            this.handling.delete(message);
            this.slots.release();
          });
        }
      } catch (err) {
        if (this.closed) break;
        this.options.logger.error({ err, durable: this.options.durable }, 'consumer stopped; re-creating it');
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  /** A consumer deleted under us (NATS restarted without its state) ends the iterator, and run() re-creates it. */
  private async watch(messages: ConsumerMessages): Promise<void> {
    for await (const s of messages.status()) {
      if (s.type === 'consumer_deleted' || s.type === 'consumer_not_found' || s.type === 'stream_not_found') {
        this.options.logger.warn({ status: s.type, durable: this.options.durable }, 'consumer lost');
        await messages.close();
      }
    }
  }

  private async ensureConsumer(): Promise<void> {
    const jsm = await jetstreamManager(this.options.connection);
    const filter = `${this.options.subjectPrefix}.${this.options.filterType ?? '>'}`;
    const config = {
      durable_name: this.options.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(this.ackWaitMs),
      max_deliver: -1,
      max_ack_pending: this.options.maxAckPending ?? 10_000,
      filter_subject: filter,
    };
    try {
      await jsm.consumers.info(this.options.stream, this.options.durable);
      await jsm.consumers.update(this.options.stream, this.options.durable, config);
    } catch (err) {
      if (!(err instanceof Error && err.name === 'ConsumerNotFoundError')) throw err;
      await jsm.consumers.add(this.options.stream, config);
    }
  }

  private async handle(message: JsMsg): Promise<void> {
    const type = message.subject.slice(this.options.subjectPrefix.length + 1);
    let event: EventEnvelope;
    try {
      event = parseEnvelope(message.json());
    } catch (cause) {
      return this.reject(message, { reason: 'malformed', detail: malformedDetail(cause) });
    }
    // Routing goes by the subject, which the broker lets only the type's sources publish: the envelope must agree.
    const rejection = distrust(type, event);
    if (rejection) return this.reject(message, rejection);
    try {
      // The handlers run in a consumer span continuing the publisher's trace (the `traceparent` header).
      await inSpan('@ops/messaging', `${this.options.durable} ${type}`, this.spanOptions(message, event), async () => {
        for (const handler of this.handlersFor(type)) {
          const result = await handler(event, new JetStreamContext(message));
          if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
        }
      });
      message.ack();
    } catch (err) {
      const delayMs = this.nakDelay(message);
      this.options.logger.warn(
        { err, eventId: event.id, type, delivery: message.info.deliveryCount, delayMs },
        'handler failed; redelivering later',
      );
      message.nak(delayMs);
    }
  }

  private spanOptions(message: JsMsg, event: EventEnvelope): SpanOptions {
    return {
      kind: SpanKind.CONSUMER,
      parent: message.headers?.get('traceparent') || null,
      attributes: {
        'messaging.system': 'nats',
        'messaging.operation.type': 'process',
        'messaging.consumer.group.name': this.options.durable,
        'messaging.message.id': event.id,
        'messaging.nats.delivery_count': message.info.deliveryCount,
        'event.type': event.type,
      },
    };
  }

  /**
   * A message no handler may see: kept as a dead letter, then terminated (it would otherwise be redelivered
   * forever). If it cannot be kept now, it is redelivered later: never lost.
   */
  private async reject(message: JsMsg, rejection: Rejection): Promise<void> {
    const err = new RejectedMessageError(message.subject, message.seq, rejection);
    const { deadLetters, durable } = this.options;
    if (deadLetters) {
      try {
        await deadLetters.keep(message, rejection, durable);
      } catch (cause) {
        this.options.logger.warn(
          { err: cause, subject: message.subject, seq: message.seq },
          'could not keep a rejected message; redelivering later',
        );
        message.nak(this.nakDelay(message));
        return;
      }
    }
    this.options.logger.error({ err, kept: deadLetters?.stream ?? false }, 'rejected a message');
    this.options.onRejected?.(rejection);
    message.term(err.message);
  }

  private nakDelay(message: JsMsg): number {
    return Math.min((this.options.nakDelayMs ?? 1000) * 2 ** (message.info.deliveryCount - 1), 60_000);
  }

  private handlersFor(type: string): MessageHandler[] {
    let handlers = this.routes.get(type);
    if (!handlers) {
      handlers = [...this.messageHandlers.entries()].filter(([pattern]) => matchesSubject(pattern, type)).map(([, h]) => h);
      this.routes.set(type, handlers);
    }
    return handlers;
  }
}
