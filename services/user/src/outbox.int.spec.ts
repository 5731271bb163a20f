import { fileURLToPath } from 'node:url';
import { connectDatabase, migrate, type Database } from '@ops/db';
import { createEvent, type EventEnvelope } from '@ops/events';
import { createLogger } from '@ops/logger';
import { connectNats, ensureEventsStream, EventPublisher, type NatsConnection } from '@ops/messaging';
import { addToOutbox, OutboxRelay } from '@ops/outbox';
import { createTestDatabase, readStream, testStream, waitFor, type TestDatabase, type TestStream } from '@ops/testing';
import { isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from './schema.js';

const logger = createLogger({ name: 'test', level: 'silent' });
let db: TestDatabase;
let stream: TestStream;
let database: Database;
let nc: NatsConnection;
let publisher: EventPublisher;

function loginEvent(n: number): EventEnvelope {
  return createEvent({
    type: 'user.login',
    source: 'user',
    orgId: null,
    data: { user_id: `usr_${n}`, email: `u${n}@example.com`, login_at: new Date().toISOString() },
  });
}

/** Commits events the way a request does, with no relay running: the process "dies" right after commit. */
async function commitWithoutRelay(events: EventEnvelope[]): Promise<void> {
  await database.orm.transaction((tx) => addToOutbox(tx, outbox, events));
}

const unpublished = async () => (await database.orm.select().from(outbox).where(isNull(outbox.publishedAt))).length;

beforeAll(async () => {
  db = await createTestDatabase();
  stream = testStream();
  database = await connectDatabase(db.url);
  await migrate(database, { migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)), schema: 'users' });
  nc = await connectNats({ servers: stream.env.NATS_URL, name: 'outbox-test', logger });
  await ensureEventsStream(nc, stream.options);
  publisher = new EventPublisher(nc, { subjectPrefix: stream.env.EVENTS_SUBJECT_PREFIX });
});

afterAll(async () => {
  await nc?.close();
  await database?.close();
  await stream?.delete();
  await db?.drop();
});

describe('outbox relay', () => {
  it('publishes, on restart, events committed before a crash, in commit order', async () => {
    const events = [1, 2, 3].map(loginEvent);
    await commitWithoutRelay(events);
    expect(await readStream(stream)).toHaveLength(0);

    const relay = new OutboxRelay({ database, table: outbox, publisher, logger });
    await relay.start();
    const published = await waitFor('3 events on the stream', async () =>
      (await readStream(stream)).length === 3 ? readStream(stream) : null,
    );
    await relay.stop();
    expect(published.map((e) => e.id)).toEqual(events.map((e) => e.id));
    expect(await unpublished()).toBe(0);
  });

  it('publishes nothing twice when it dies after publishing but before marking rows published', async () => {
    const before = (await readStream(stream)).length;
    const events = [4, 5].map(loginEvent);
    await commitWithoutRelay(events);

    // The first relay's publishes reach JetStream, then the process dies before its UPDATE commits.
    const dying = new OutboxRelay({
      database,
      table: outbox,
      logger,
      publisher: {
        publishAll: async (batch) => {
          await publisher.publishAll(batch);
          throw new Error('process killed');
        },
      },
    });
    await dying.flush();
    expect(await unpublished()).toBe(2);

    const restarted = new OutboxRelay({ database, table: outbox, publisher, logger });
    await restarted.flush();
    expect(await unpublished()).toBe(0);
    const after = await readStream(stream);
    expect(after.length - before).toBe(2);
    expect(after.slice(before).map((e) => e.id)).toEqual(events.map((e) => e.id));
  });

  it('wakes on commit through NOTIFY, without waiting for its poll', async () => {
    const relay = new OutboxRelay({ database, table: outbox, publisher, logger, pollIntervalMs: 3_600_000 });
    await relay.start();
    const event = loginEvent(6);
    await commitWithoutRelay([event]);
    await waitFor('the event on the stream', async () => (await readStream(stream)).some((e) => e.id === event.id));
    await relay.stop();
  });

  it('publishes nothing for a rolled-back transaction', async () => {
    const event = loginEvent(7);
    await expect(
      database.orm.transaction(async (tx) => {
        await addToOutbox(tx, outbox, [event]);
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    const relay = new OutboxRelay({ database, table: outbox, publisher, logger });
    await relay.flush();
    expect((await readStream(stream)).some((e) => e.id === event.id)).toBe(false);
  });
});
