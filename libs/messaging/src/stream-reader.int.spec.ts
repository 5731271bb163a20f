import { jetstreamManager } from '@nats-io/jetstream';
import { createEvent, subjectFor } from '@ops/events';
import { createLogger } from '@ops/logger';
import { testStream, type TestStream } from '@ops/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectNats, type NatsConnection } from './connection.js';
import { EventPublisher } from './publisher.js';
import { ensureEventsStream } from './stream.js';
import { StreamReader } from './stream-reader.js';

const logger = createLogger({ name: 'test', level: 'silent' });
let stream: TestStream;
let nc: NatsConnection;
let reader: StreamReader;
let betweenBatches: Date;

const login = (n: number) =>
  createEvent({
    type: 'user.login',
    source: 'user',
    orgId: null,
    data: { user_id: `usr_${n}`, email: `u${n}@example.com`, login_at: new Date().toISOString() },
  });
const logout = (n: number) =>
  createEvent({
    type: 'user.logout',
    source: 'user',
    orgId: null,
    data: { user_id: `usr_${n}`, email: `u${n}@example.com`, logout_at: new Date().toISOString() },
  });

beforeAll(async () => {
  stream = testStream();
  nc = await connectNats({ servers: stream.env.NATS_URL, name: 'reader-test', logger });
  await ensureEventsStream(nc, stream.options);
  const publisher = new EventPublisher(nc, { subjectPrefix: stream.env.EVENTS_SUBJECT_PREFIX });
  // seq 1-6: login, logout alternating; then a measured gap in time; seq 7-8.
  await publisher.publishAll([login(1), logout(1), login(2), logout(2), login(3), logout(3)]);
  const sixth = await jetstreamManager(nc).then((jsm) => jsm.streams.getMessage(stream.env.EVENTS_STREAM, { seq: 6 }));
  betweenBatches = new Date(sixth!.time.getTime() + 1);
  // Stored times have nanosecond precision; make sure the next batch is stored strictly after `betweenBatches`.
  while (Date.now() <= betweenBatches.getTime() + 1) await new Promise((r) => setImmediate(r));
  await publisher.publishAll([login(4), logout(4)]);
  reader = new StreamReader(nc, stream.env.EVENTS_STREAM);
});
afterAll(async () => {
  await nc?.close();
  await stream?.delete();
});

describe('StreamReader', () => {
  it('reports the bounds of what the stream holds', async () => {
    const bounds = await reader.bounds();
    expect(bounds).toMatchObject({ firstSeq: 1, lastSeq: 8, messages: 8 });
    expect(bounds.firstTime).toBeInstanceOf(Date);
  });

  it('reads from a sequence, in order, and says when it caught up', async () => {
    const first = await reader.read(2, 3);
    expect(first.messages.map((m) => m.seq)).toEqual([2, 3, 4]);
    expect(first.caughtUp).toBe(false);
    const rest = await reader.read(5, 100);
    expect(rest.messages.map((m) => m.seq)).toEqual([5, 6, 7, 8]);
    expect(rest.caughtUp).toBe(true);
  });

  it('reads one subject only when given a filter', async () => {
    const read = await reader.read(1, 100, subjectFor('user.logout', stream.env.EVENTS_SUBJECT_PREFIX));
    expect(read.messages.map((m) => m.seq)).toEqual([2, 4, 6, 8]);
    expect(read.caughtUp).toBe(true);
  });

  it('finds the first sequence stored at or after a time', async () => {
    expect(await reader.firstSeqAtOrAfter(new Date(0))).toBe(1);
    expect(await reader.firstSeqAtOrAfter(betweenBatches)).toBe(7);
    expect(await reader.firstSeqAtOrAfter(new Date(Date.now() + 60_000))).toBeUndefined();
  });

  it('returns nothing, caught up, past the end', async () => {
    expect(await reader.read(9, 10)).toEqual({ messages: [], caughtUp: true });
  });
});
