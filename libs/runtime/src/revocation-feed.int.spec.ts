import { randomBytes } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { createEvent } from '@ops/events';
import { createLogger } from '@ops/logger';
import { connectNats, ensureEventsStream, EventPublisher, type EventsStreamOptions, type NatsConnection } from '@ops/messaging';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RevocationFeed } from './revocation-feed.js';

const logger = createLogger({ name: 'test', level: 'silent' });
const id = randomBytes(5).toString('hex');
const stream: EventsStreamOptions = {
  name: `T_${id}`,
  subjectPrefix: `t${id}.events`,
  maxAgeMs: 3600_000,
  maxBytes: -1,
  duplicateWindowMs: 120_000,
  replicas: 1,
};
let nats: NatsConnection;
let feed: RevocationFeed;
const tenMinutesAgo = new Date(Date.now() - 600_000);

beforeAll(async () => {
  nats = await connectNats({ servers: process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222', name: 'feed-test', logger });
  await ensureEventsStream(nats, stream);
  const publisher = new EventPublisher(nats, { subjectPrefix: stream.subjectPrefix });
  const at = tenMinutesAgo.toISOString();
  await publisher.publishAll([
    createEvent({
      type: 'user.login',
      source: 'user',
      orgId: null,
      time: tenMinutesAgo,
      data: { user_id: 'usr_known', email: 'k@example.com', login_at: at },
    }),
    createEvent({
      type: 'user.logout',
      source: 'user',
      orgId: null,
      time: tenMinutesAgo,
      data: { user_id: 'usr_gone', email: 'g@example.com', logout_at: at },
    }),
  ]);
  feed = new RevocationFeed({ nats, stream, logger, tokenTtlMs: 3600_000 });
  await feed.start();
});
afterAll(async () => {
  await feed?.stop();
  await (await jetstreamManager(nats)).streams.delete(stream.name).catch(() => undefined);
  await nats?.close();
});

describe('RevocationFeed', () => {
  const issuedFiveMinutesAgo = Date.now() - 300_000;

  it('accepts a token of a user the history mentions, issued after any revocation', () => {
    expect(feed.revocations.isRevoked({ userId: 'usr_known', issuedAtMs: issuedFiveMinutesAgo })).toBe(false);
    expect(feed.revocations.isRevoked({ userId: 'usr_gone', issuedAtMs: tenMinutesAgo.getTime() - 1 })).toBe(true);
  });

  it('refuses a token whose subject no user event mentions, once the history is read', () => {
    expect(feed.revocations.isRevoked({ userId: 'usr_never_existed', issuedAtMs: issuedFiveMinutesAgo })).toBe(true);
  });
});
