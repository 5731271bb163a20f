import { randomBytes } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import type { EventsStreamOptions } from '@ops/messaging';

export const testNatsUrl = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

/** Stream settings private to one spec file: a stream and subject prefix no other test uses. */
export interface TestStream {
  env: { NATS_URL: string; EVENTS_STREAM: string; EVENTS_SUBJECT_PREFIX: string };
  /** The same, as ensureEventsStream takes it. */
  options: EventsStreamOptions;
  delete(): Promise<void>;
}

export function testStream(): TestStream {
  const id = randomBytes(5).toString('hex');
  const env = { NATS_URL: testNatsUrl, EVENTS_STREAM: `T_${id}`, EVENTS_SUBJECT_PREFIX: `t${id}.events` };
  return {
    env,
    options: {
      name: env.EVENTS_STREAM,
      subjectPrefix: env.EVENTS_SUBJECT_PREFIX,
      maxAgeMs: 3600_000,
      maxBytes: -1,
      duplicateWindowMs: 120_000,
      replicas: 1,
    },
    async delete() {
      const nc = await connect({ servers: testNatsUrl });
      const jsm = await jetstreamManager(nc);
      // The webhook service keeps its dead letters in a stream named after the events stream.
      for (const name of [env.EVENTS_STREAM, `${env.EVENTS_STREAM}_DEAD_LETTERS`]) {
        await jsm.streams.delete(name).catch(() => undefined); // never created: nothing to clean
      }
      await nc.close();
    },
  };
}
