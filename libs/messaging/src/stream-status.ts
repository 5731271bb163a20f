import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';

/** A stream and its consumers as the server reports them: how much it holds, how far behind each consumer is. */
export interface StreamStatus {
  stream: string;
  messages: number;
  bytes: number;
  first_seq: number;
  last_seq: number;
  first_time: string | null;
  last_time: string | null;
  consumers: Array<{
    name: string;
    /** Messages the consumer has not been given yet: its lag. */
    pending: number;
    /** Given, not acknowledged yet. */
    ack_pending: number;
    redelivered: number;
    waiting: number;
    delivered_seq: number;
  }>;
}

/** Reads a stream's state and its consumers' (needs the right to inspect them, as the broker's `ops` user has). */
export async function streamStatus(nc: NatsConnection, stream: string): Promise<StreamStatus> {
  const jsm = await jetstreamManager(nc);
  const info = await jsm.streams.info(stream);
  const consumers: StreamStatus['consumers'] = [];
  for await (const c of jsm.consumers.list(stream)) {
    consumers.push({
      name: c.name,
      pending: c.num_pending,
      ack_pending: c.num_ack_pending,
      redelivered: c.num_redelivered,
      waiting: c.num_waiting,
      delivered_seq: c.delivered.stream_seq,
    });
  }
  return {
    stream,
    messages: info.state.messages,
    bytes: info.state.bytes,
    first_seq: info.state.first_seq,
    last_seq: info.state.last_seq,
    first_time: info.state.messages > 0 ? info.state.first_ts : null,
    last_time: info.state.messages > 0 ? info.state.last_ts : null,
    consumers,
  };
}
