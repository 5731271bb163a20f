import { jetstreamManager, RetentionPolicy, StorageType, type StreamInfo } from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';

export interface EventsStreamOptions {
  /** Stream name; default `EVENTS`. */
  name: string;
  /** Subjects are `<prefix>.<event type>`; default `events`. */
  subjectPrefix: string;
  /** Events older than this are removed; this bounds how far back a replay can go. */
  maxAgeMs: number;
  /** The stream's size cap, oldest events removed first; -1 for none. */
  maxBytes: number;
  /** Within this window a repeated Nats-Msg-Id is dropped: it must exceed the longest outbox relay outage we absorb. */
  duplicateWindowMs: number;
  /** 1 on a single server, 3 on a cluster. */
  replicas: number;
}

/** Creates the stream, or brings its limits in line with the configuration; safe to run from every replica. */
export async function ensureEventsStream(nc: NatsConnection, options: EventsStreamOptions): Promise<StreamInfo> {
  const jsm = await jetstreamManager(nc);
  const config = {
    name: options.name,
    subjects: [`${options.subjectPrefix}.>`],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    max_age: nanos(options.maxAgeMs),
    max_bytes: options.maxBytes,
    duplicate_window: nanos(options.duplicateWindowMs),
    num_replicas: options.replicas,
  };
  try {
    const info = await jsm.streams.info(options.name);
    return await jsm.streams.update(options.name, { ...info.config, ...config });
  } catch (err) {
    if (!isStreamNotFound(err)) throw err;
    return await jsm.streams.add(config);
  }
}

function isStreamNotFound(err: unknown): boolean {
  return err instanceof Error && err.name === 'StreamNotFoundError';
}
