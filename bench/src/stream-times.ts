import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import type { TestStream } from '@ops/testing';

/** When each event of `type` was stored in the stream (ms since the epoch, the server's own timestamp), by event id. */
export async function streamTimes(stream: TestStream, type: string): Promise<Map<string, number>> {
  const nc = await connect({ servers: stream.env.NATS_URL });
  try {
    const js = jetstream(nc);
    const count = (await (await js.jetstreamManager()).streams.info(stream.env.EVENTS_STREAM)).state.messages;
    const times = new Map<string, number>();
    if (count === 0) return times;
    const consumer = await js.consumers.get(stream.env.EVENTS_STREAM);
    let read = 0;
    for await (const m of await consumer.fetch({ max_messages: count, expires: 30_000 })) {
      const event = m.json<{ id: string; type: string }>();
      if (event.type === type) times.set(event.id, Number(m.timestampNanos / 1_000_000n));
      if (++read === count) break;
    }
    return times;
  } finally {
    await nc.close();
  }
}
