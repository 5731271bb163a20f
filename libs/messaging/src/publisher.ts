import { jetstream, type JetStreamClient, type PubAck } from '@nats-io/jetstream';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import { subjectFor, type EventEnvelope } from '@ops/events';
import { PublishError } from './errors.js';

export interface PublisherOptions {
  subjectPrefix: string;
  /** Publishes awaiting their PubAck at once; one at a time caps near 5k/s, pipelining reaches 25k/s. */
  maxAcksInFlight?: number;
  /** How long to wait for one PubAck. */
  ackTimeoutMs?: number;
}

/**
 * Publishes envelopes to the EVENTS stream. The event id is the Nats-Msg-Id, so a publish repeated
 * within the stream's duplicate window (a relay that crashed before recording success) is dropped by the server.
 */
export class EventPublisher {
  private readonly js: JetStreamClient;
  private readonly maxInFlight: number;
  private readonly timeoutMs: number;

  constructor(
    nc: NatsConnection,
    private readonly options: PublisherOptions,
  ) {
    this.js = jetstream(nc);
    this.maxInFlight = options.maxAcksInFlight ?? 1000;
    this.timeoutMs = options.ackTimeoutMs ?? 5000;
  }

  /**
   * Publishes in order, acks pipelined; resolves when every ack is in, rejects with the first failure.
   * `traceparents[i]`, when set, travels as the `traceparent` header of `events[i]` (W3C trace context).
   */
  async publishAll(events: readonly EventEnvelope[], traceparents: readonly (string | null)[] = []): Promise<PubAck[]> {
    const acks: PubAck[] = new Array(events.length);
    for (let start = 0; start < events.length; start += this.maxInFlight) {
      const window = events.slice(start, start + this.maxInFlight);
      const results = await Promise.allSettled(window.map((e, i) => this.publish(e, traceparents[start + i])));
      results.forEach((r, i) => {
        if (r.status === 'rejected') throw r.reason;
        acks[start + i] = r.value;
      });
    }
    return acks;
  }

  async publish(event: EventEnvelope, traceparent?: string | null): Promise<PubAck> {
    try {
      return await this.js.publish(subjectFor(event.type, this.options.subjectPrefix), JSON.stringify(event), {
        msgID: event.id,
        timeout: this.timeoutMs,
        ...(traceparent && { headers: traceHeaders(traceparent) }),
      });
    } catch (cause) {
      throw new PublishError(event.id, cause);
    }
  }
}

function traceHeaders(traceparent: string) {
  const h = headers();
  h.set('traceparent', traceparent);
  return h;
}
