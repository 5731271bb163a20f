import { AuthorizationError, connect, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '@ops/logger';

export type { NatsConnection };

/** Who the service is to the broker, which decides what it may publish and subscribe to (docs/security.md). */
export interface NatsCredentials {
  user: string;
  password: string;
}

export interface NatsOptions {
  /** e.g. `nats://127.0.0.1:4222`; several, comma-separated, for a cluster. */
  servers: string;
  /** Shown in `nats server report connections`. */
  name: string;
  logger: Logger;
  /** None for a server without authentication (a developer's own). */
  credentials?: NatsCredentials;
}

/**
 * Connects and keeps reconnecting for as long as the process lives: a NATS restart must not end the service.
 * Messages published while disconnected are buffered by the client; JetStream publishes fail fast
 * and the outbox retries them.
 */
/**
 * The subjects a user's replies and pulled messages come back on. Each user gets its own prefix, and the broker
 * lets it subscribe to that one only: with one shared `_INBOX.>` any user could subscribe to every other user's
 * inbox and read the events JetStream hands the webhook service (libs/broker-auth).
 */
export function inboxPrefixFor(user: string): string {
  return `_INBOX_${user}`;
}

export async function connectNats(options: NatsOptions): Promise<NatsConnection> {
  const nc = await connect({
    servers: options.servers.split(',').map((s) => s.trim()),
    name: options.name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    waitOnFirstConnect: true,
    ...(options.credentials && {
      user: options.credentials.user,
      pass: options.credentials.password,
      inboxPrefix: inboxPrefixFor(options.credentials.user),
    }),
  }).catch((err: unknown) => {
    // Refused credentials do not heal by retrying: say which, and stop the start.
    if (err instanceof AuthorizationError) {
      throw new Error(
        `NATS at ${options.servers} refused ${options.credentials ? `user ${options.credentials.user}` : 'a connection without credentials'} (check NATS_USER and NATS_PASSWORD)`,
        { cause: err },
      );
    }
    throw err;
  });
  void watchStatus(nc, options.logger);
  options.logger.info({ server: nc.getServer(), user: options.credentials?.user }, 'connected to NATS');
  return nc;
}

async function watchStatus(nc: NatsConnection, logger: Logger): Promise<void> {
  for await (const status of nc.status()) {
    if (status.type === 'disconnect' || status.type === 'reconnect' || status.type === 'error') {
      // An `error` is often the broker refusing a subject to this user: a bug in its permissions or ours.
      logger.warn(
        {
          status: status.type,
          server: 'server' in status ? status.server : undefined,
          error: 'error' in status ? String(status.error) : undefined,
        },
        'NATS connection status',
      );
    }
  }
}

/** Drains: in-flight messages are processed and acknowledged before the socket closes. */
export async function drainNats(nc: NatsConnection): Promise<void> {
  if (!nc.isClosed()) await nc.drain();
}
