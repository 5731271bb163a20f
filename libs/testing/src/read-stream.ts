import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import type { EventEnvelope } from '@ops/events';
import type { TestStream } from './test-stream.js';

/** An event as a test reads it back: `data` loosely typed, so that a test can filter any event by any field. */
export type StoredEvent = Omit<EventEnvelope, 'data'> & { data: Record<string, any>; seq: number };

/** Every event currently in a test stream, in stream order, read with an ephemeral ordered consumer. */
export async function readStream(stream: { env: Pick<TestStream['env'], 'NATS_URL' | 'EVENTS_STREAM'> }): Promise<StoredEvent[]> {
  const nc = await connect({ servers: stream.env.NATS_URL });
  try {
    const js = jetstream(nc);
    const info = await (await js.jetstreamManager()).streams.info(stream.env.EVENTS_STREAM);
    const count = info.state.messages;
    if (count === 0) return [];
    const consumer = await js.consumers.get(stream.env.EVENTS_STREAM);
    const events: StoredEvent[] = [];
    const messages = await consumer.fetch({ max_messages: count, expires: 5000 });
    for await (const m of messages) {
      events.push({ ...(m.json() as EventEnvelope), seq: m.seq });
      if (events.length === count) break;
    }
    return events;
  } finally {
    await nc.close();
  }
}
