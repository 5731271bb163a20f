import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
// Only the convention, not the connection helper: opsctl is a short-lived client with no reconnect loop to run.
import { inboxPrefixFor } from '@ops/messaging';

export interface StreamStatus {
  stream: string;
  messages: number;
  bytes: number;
  first_seq: number;
  last_seq: number;
  first_time: string | null;
  last_time: string | null;
  consumers: Array<{ name: string; pending: number; ack_pending: number; redelivered: number; waiting: number; delivered_seq: number }>;
}

/** The EVENTS stream and its consumers, straight from NATS: how far behind is each consumer. */
export async function streamStatus(natsUrl: string, stream: string, credentials?: { user: string; password: string }): Promise<StreamStatus> {
  // The broker's `ops` user may inspect streams and consumers, never publish events (docs/security.md).
  const nc = await connect({ servers: natsUrl.split(','), name: 'opsctl', ...(credentials && { user: credentials.user, pass: credentials.password, inboxPrefix: inboxPrefixFor(credentials.user) }) });
  try {
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
  } finally {
    await nc.close();
  }
}
