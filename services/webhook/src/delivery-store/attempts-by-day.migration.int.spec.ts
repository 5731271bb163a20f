import { fileURLToPath } from 'node:url';
import { connectDatabase, migrate, type Database } from '@ops/db';
import { createTestDatabase, type EarlierMigrations, migrationsBefore, type TestDatabase } from '@ops/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveries } from '../schema.js';
import { ATTEMPT_DAYS_AHEAD, listAttemptPartitions } from './attempt-partitions.js';
import { logAttempts } from './log-attempts.js';
import { attemptsOf } from './read-deliveries.js';

/**
 * Migration 0007 makes `attempts` partitioned by day. An install with attempts logged before it (40 days ago,
 * yesterday, today, and one a worker's fast clock put in tomorrow) keeps every one in the delivery log.
 */
const migrations = fileURLToPath(new URL('../../drizzle', import.meta.url));
const DAY_MS = 24 * 3600_000;
let db: TestDatabase;
let database: Database;
let before: EarlierMigrations;

beforeAll(async () => {
  db = await createTestDatabase();
  database = await connectDatabase(db.url);
  before = migrationsBefore(migrations, '0007_attempts_by_day');
});

afterAll(async () => {
  await database?.close();
  await db?.drop();
  before?.remove();
});

describe('migration 0007: the attempt log by day', () => {
  it('keeps every attempt readable through the delivery log, makes the coming days, and goes on logging', async () => {
    await migrate(database, { migrationsFolder: before.folder, schema: 'webhooks' });
    const run = (statement: ReturnType<typeof sql>) => database.query(database.orm, statement);
    await run(
      sql`insert into webhooks.endpoints (id, url, events, created_by) values ('ep_1', 'https://hooks.example.com', '{user.created}', 'usr_admin')`,
    );
    await run(
      sql`insert into webhooks.events (id, type, source, time, data, stream_seq) values ('evt_1', 'user.created', 'user', '2026-12-02T00:00:00Z', '{}', 1)`,
    );
    await run(sql`insert into webhooks.deliveries (id, event_id, endpoint_id, event_type, status, attempt_count, next_attempt_at,
                    last_attempt_id, last_attempt_started_at, last_attempt_succeeded, last_status_code, last_latency_ms)
                  values ('dlv_1', 'evt_1', 'ep_1', 'user.created', 'retrying', 5, now() + interval '1 day',
                    'att_5', now(), false, 500, 5)`);
    await run(sql`insert into webhooks.attempts (id, delivery_id, attempt_number, started_at, latency_ms, status_code, succeeded)
                  values ('att_1', 'dlv_1', 1, now() - interval '40 days', 5, 500, false),
                         ('att_2', 'dlv_1', 2, now() - interval '1 day', 5, 502, false),
                         ('att_3', 'dlv_1', 3, now(), 5, 503, false),
                         ('att_4', 'dlv_1', 4, now() + interval '1 day', 5, 504, false)`);

    await migrate(database, { migrationsFolder: migrations, schema: 'webhooks' });
    const log = async () => {
      const [row] = await database.orm.select().from(deliveries).where(sql`${deliveries.id} = 'dlv_1'`);
      return (await attemptsOf(database.orm, row!)).map((a) => [a.id, a.statusCode]);
    };
    const logged = [
      ['att_1', 500],
      ['att_2', 502],
      ['att_3', 503],
      ['att_4', 504],
      ['att_5', 500],
    ];
    expect(await log()).toEqual(logged);

    // The old table is the first partition, up to the end of the day of its latest attempt (tomorrow here).
    const partitions = await listAttemptPartitions(database);
    const [today] = await run(sql`select (now() at time zone 'utc')::date::text as day`);
    const startOf = (offsetDays: number) => new Date(new Date(`${today!.day}T00:00:00Z`).getTime() + offsetDays * DAY_MS);
    expect(partitions[0]).toMatchObject({ from: null, to: startOf(2), detachPending: false });
    expect(partitions[0]!.name).toBe(`attempts_before_${startOf(2).toISOString().slice(0, 10).replaceAll('-', '')}`);
    expect(await run(sql`select count(*)::int as n from webhooks.${sql.identifier(partitions[0]!.name)}`)).toEqual([{ n: 4 }]);
    // Then one partition per day, up to ATTEMPT_DAYS_AHEAD days ahead.
    expect(partitions.slice(1).map((p) => [p.from, p.to])).toEqual(
      Array.from({ length: ATTEMPT_DAYS_AHEAD - 1 }, (_, i) => [startOf(i + 2), startOf(i + 3)]),
    );
    const names = await run(sql`select indexrelid::regclass::text as name from pg_index
                                 where indrelid = ${`webhooks.${partitions[0]!.name}`}::regclass order by 1`);
    expect(names).toEqual([{ name: `webhooks.${partitions[0]!.name}_delivery_idx` }, { name: `webhooks.${partitions[0]!.name}_pkey` }]);

    // The next attempt moves att_5 into the log, as before.
    await database.orm.transaction((tx) =>
      logAttempts(tx, [
        {
          deliveryId: 'dlv_1',
          status: 'succeeded',
          attemptCount: 6,
          retry_in_ms: null,
          lastAttemptId: 'att_6',
          lastAttemptStartedAt: new Date(),
          lastAttemptSucceeded: true,
          lastAttemptError: null,
          lastResponseExcerpt: '',
          lastStatusCode: 200,
          lastLatencyMs: 7,
          lastError: null,
        },
      ]),
    );
    expect(await log()).toEqual([...logged, ['att_6', 200]]);

    // Removing a delivery still removes its attempts, as the foreign key's cascade did.
    await run(sql`delete from webhooks.deliveries where id = 'dlv_1'`);
    expect(await run(sql`select count(*)::int as n from webhooks.attempts`)).toEqual([{ n: 0 }]);
  });
});
