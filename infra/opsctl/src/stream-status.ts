import { connect } from '@nats-io/transport-node';
// Only the convention, not the connection helper: opsctl is a short-lived client with no reconnect loop to run.
import { inboxPrefixFor, streamStatus as readStreamStatus, type StreamStatus } from '@ops/messaging';

export type { StreamStatus };

/** The EVENTS stream and its consumers, straight from NATS: how far behind is each consumer. */
export async function streamStatus(
  natsUrl: string,
  stream: string,
  credentials?: { user: string; password: string },
): Promise<StreamStatus> {
  // The broker's `ops` user may inspect streams and consumers, never publish events (docs/security.md).
  const nc = await connect({
    servers: natsUrl.split(','),
    name: 'opsctl',
    ...(credentials && { user: credentials.user, pass: credentials.password, inboxPrefix: inboxPrefixFor(credentials.user) }),
  });
  try {
    return await readStreamStatus(nc, stream);
  } finally {
    await nc.close();
  }
}
