import { connectDatabase, type Database } from '@ops/db';
import type { DomainEventTypes } from '@ops/events';
import { createTestDatabase, TraceCollector, type TestDatabase } from '@ops/testing';
import { inSpan, startTracing, type Tracing } from '@ops/tracing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventWriter } from './event-writer.js';
import { ensureOutboxTable } from './outbox-ddl.js';
import type { OutboxTable } from './outbox-table.js';

let db: TestDatabase;
let database: Database;
let table: OutboxTable;
let collector: TraceCollector;
let tracing: Tracing;
let userEvents: EventWriter<DomainEventTypes['user']>;

beforeAll(async () => {
  db = await createTestDatabase();
  database = await connectDatabase(db.url);
  table = await ensureOutboxTable(database, 'writer_test');
  userEvents = new EventWriter<DomainEventTypes['user']>(table, 'user');
  collector = await TraceCollector.start();
  tracing = startTracing({ serviceName: 'writer-test', endpoint: collector.url })!;
});
afterAll(async () => {
  await tracing?.shutdown();
  await collector?.close();
  await database?.close();
  await db?.drop();
});

const at = new Date('2026-12-03T04:00:00.000Z');
const login = (userId: string) => ({
  type: 'user.login' as const,
  orgId: null,
  time: at,
  data: { user_id: userId, email: `${userId}@example.com`, login_at: at.toISOString() },
});
const rows = () => database.orm.select().from(table);

describe('EventWriter', () => {
  it("writes envelopes with the writer's source, in the caller's transaction only", async () => {
    await database.orm.transaction((tx) => userEvents.writeAll(tx, [login('usr_a'), login('usr_b')]));
    await expect(
      database.orm.transaction(async (tx) => {
        await userEvents.write(tx, login('usr_rolled_back'));
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const written = (await rows()).map((r) => r.envelope);
    expect(written.map((e) => [e.source, e.type, e.time, (e.data as { user_id: string }).user_id])).toEqual([
      ['user', 'user.login', at.toISOString(), 'usr_a'],
      ['user', 'user.login', at.toISOString(), 'usr_b'],
    ]);
  });

  it('refuses data the catalog does not allow, before writing anything', async () => {
    const before = (await rows()).length;
    const bad = { ...login('usr_c'), data: { user_id: 'usr_c' } } as unknown as ReturnType<typeof login>;
    await expect(database.orm.transaction((tx) => userEvents.write(tx, bad))).rejects.toThrow();
    expect((await rows()).length).toBe(before);
  });

  it('keeps the active trace context with each row, and none outside a trace', async () => {
    const traceparent = await inSpan('test', 'a request', {}, async (span) => {
      await database.orm.transaction((tx) => userEvents.write(tx, login('usr_traced')));
      return `00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`;
    });
    await database.orm.transaction((tx) => userEvents.write(tx, login('usr_untraced')));
    const byUser = new Map((await rows()).map((r) => [(r.envelope.data as { user_id: string }).user_id, r.traceContext]));
    expect(byUser.get('usr_traced')).toBe(traceparent);
    expect(byUser.get('usr_untraced')).toBeNull();
  });
});
