import { fileURLToPath } from 'node:url';
import { connectDatabase, migrate, type Database } from '@ops/db';
import { createTestDatabase, type EarlierMigrations, migrationsBefore, type TestDatabase } from '@ops/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveries } from '../schema.js';
import { logAttempts } from './log-attempts.js';
import { attemptsOf } from './read-deliveries.js';

/**
 * Migration 0005 moves each delivery's latest attempt onto its row. A delivery logged before it (every attempt in
 * `attempts`, none on the row) keeps its whole log, and goes on without losing or repeating an attempt.
 */
const migrations = fileURLToPath(new URL('../../drizzle', import.meta.url));
let db: TestDatabase;
let database: Database;
let before: EarlierMigrations;

beforeAll(async () => {
  db = await createTestDatabase();
  database = await connectDatabase(db.url);
  before = migrationsBefore(migrations, '0005_latest_attempt_on_delivery');
});

afterAll(async () => {
  await database?.close();
  await db?.drop();
  before?.remove();
});

describe('migration 0005: the latest attempt on its delivery', () => {
  it('keeps the log of a delivery retried before it, and numbers the next attempts after it', async () => {
    await migrate(database, { migrationsFolder: before.folder, schema: 'webhooks' });
    const run = (statement: ReturnType<typeof sql>) => database.query(database.orm, statement);
    await run(
      sql`insert into webhooks.endpoints (id, url, events, created_by) values ('ep_1', 'https://hooks.example.com', '{user.created}', 'usr_admin')`,
    );
    await run(
      sql`insert into webhooks.events (id, type, source, time, data, stream_seq) values ('evt_1', 'user.created', 'user', '2026-12-02T00:00:00Z', '{}', 1)`,
    );
    await run(sql`insert into webhooks.deliveries (id, event_id, endpoint_id, event_type, status, attempt_count, last_status_code, last_error)
                  values ('dlv_1', 'evt_1', 'ep_1', 'user.created', 'retrying', 2, 500, 'HTTP 500')`);
    await run(sql`insert into webhooks.attempts (id, delivery_id, attempt_number, started_at, latency_ms, status_code, succeeded, error)
                  values ('att_1', 'dlv_1', 1, now(), 5, 500, false, 'HTTP 500'), ('att_2', 'dlv_1', 2, now(), 6, 500, false, 'HTTP 500')`);

    await migrate(database, { migrationsFolder: migrations, schema: 'webhooks' });
    const log = async () => {
      const [row] = await database.orm.select().from(deliveries).where(sql`${deliveries.id} = 'dlv_1'`);
      return (await attemptsOf(database.orm, row!)).map((a) => [a.id, a.attemptNumber, a.statusCode]);
    };
    expect(await log()).toEqual([
      ['att_1', 1, 500],
      ['att_2', 2, 500],
    ]);

    const attempt = (n: number, statusCode: number) => ({
      deliveryId: 'dlv_1',
      status: statusCode === 200 ? ('succeeded' as const) : ('retrying' as const),
      attemptCount: n,
      retry_in_ms: statusCode === 200 ? null : 0,
      lastAttemptId: `att_${n}`,
      lastAttemptStartedAt: new Date(),
      lastAttemptSucceeded: statusCode === 200,
      lastAttemptError: statusCode === 200 ? null : `HTTP ${statusCode}`,
      lastResponseExcerpt: '',
      lastStatusCode: statusCode,
      lastLatencyMs: 7,
      lastError: statusCode === 200 ? null : `HTTP ${statusCode}`,
    });
    await database.orm.transaction((tx) => logAttempts(tx, [attempt(3, 503)]));
    expect(await log()).toEqual([
      ['att_1', 1, 500],
      ['att_2', 2, 500],
      ['att_3', 3, 503],
    ]);
    await database.orm.transaction((tx) => logAttempts(tx, [attempt(4, 200)]));
    expect(await log()).toEqual([
      ['att_1', 1, 500],
      ['att_2', 2, 500],
      ['att_3', 3, 503],
      ['att_4', 4, 200],
    ]);
    // Only the latest lives on the row: the earlier ones are each in `attempts` once.
    expect(await run(sql`select id from webhooks.attempts order by attempt_number`)).toEqual([
      { id: 'att_1' },
      { id: 'att_2' },
      { id: 'att_3' },
    ]);
  });
});
