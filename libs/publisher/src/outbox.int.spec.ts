import { ensureEventsStream, connectNats } from '@ops/messaging';
import { createLogger } from '@ops/logger';
import { createTestDatabase, readStream, testStream, type TestDatabase, type TestStream } from '@ops/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, eventDefinition, type Database, type EventData } from './index.js';
import { Outbox } from './outbox.js';
import { Publisher } from './publisher.js';

let db: TestDatabase;
let database: Database;
let stream: TestStream;
let publisher: Publisher;
let outbox: Outbox;

beforeAll(async () => {
  db = await createTestDatabase();
  database = await connectDatabase(db.url);
  stream = testStream();
  const setup = await connectNats({ servers: stream.env.NATS_URL, name: 'setup', logger: createLogger({ name: 'test', level: 'silent' }) });
  await ensureEventsStream(setup, stream.options);
  await setup.close();
  // The shared test server has no users: no password; tests of the broker's users run on their own server.
  publisher = await Publisher.connect({
    servers: stream.env.NATS_URL,
    source: 'billing-job',
    subjectPrefix: stream.env.EVENTS_SUBJECT_PREFIX,
  });
  outbox = await Outbox.start({ database, schema: 'job', publisher });
});
afterAll(async () => {
  await outbox?.stop();
  await publisher?.close();
  await database?.close();
  await stream?.delete();
  await db?.drop();
});

const paid = eventDefinition('invoice.paid').example as EventData<'invoice.paid'>;

describe('Outbox', () => {
  it('publishes what committed with the state change, and nothing of a transaction that rolled back', async () => {
    await database.orm.execute(sql`create table job.paid (invoice_id text primary key)`);
    const committed = await database.orm.transaction(async (tx) => {
      await tx.execute(sql`insert into job.paid values ('inv_1')`);
      return outbox.add(tx, { type: 'invoice.paid', orgId: 'org_1', data: { ...paid, invoice_id: 'inv_1' } });
    });
    const rolledBack = database.orm.transaction(async (tx) => {
      await outbox.add(tx, { type: 'invoice.paid', orgId: 'org_1', data: { ...paid, invoice_id: 'inv_2' } });
      await tx.execute(sql`insert into job.paid values ('inv_1')`); // a duplicate key: the transaction fails
    });
    await expect(rolledBack).rejects.toThrow();
    await outbox.flush();
    const stored = await readStream(stream);
    expect(stored.map((e) => e.id)).toEqual([committed.id]);
    expect(stored[0]).toMatchObject({ type: 'invoice.paid', source: 'billing-job', org_id: 'org_1', data: { invoice_id: 'inv_1' } });
    expect(await outbox.lag()).toMatchObject({ pending: 0 });
  });

  it('de-duplicates a publish repeated by its event id', async () => {
    const event = publisher.event({ type: 'invoice.paid', orgId: null, data: { ...paid, invoice_id: 'inv_3' } });
    const first = await publisher.publish(event);
    const again = await publisher.publish(event);
    expect(again).toEqual({ seq: first.seq, duplicate: true });
  });

  it('refuses an event of another source before it reaches the broker', async () => {
    const event = publisher.event({ type: 'invoice.paid', orgId: null, data: paid });
    await expect(publisher.publish({ ...event, source: 'subscription' })).rejects.toThrow(
      /this publisher is billing-job; the event says subscription/,
    );
  });
});
