import { connectDatabase, type Database } from '@ops/db';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { useWebhookFixture } from '../../test/webhook.fixture.js';
import { ATTEMPT_DAYS_AHEAD, listAttemptPartitions, makeAttemptDays } from './attempt-partitions.js';

const suite = useWebhookFixture();
const DAY_MS = 24 * 3600_000;
const others: Database[] = [];
afterAll(async () => Promise.all(others.map((d) => d.close())));

async function todayStart(database: Database): Promise<Date> {
  const [row] = await database.query<{ day: string }>(database.orm, sql`select to_char(now() at time zone 'utc', 'YYYY-MM-DD') as day`);
  return new Date(`${row!.day}T00:00:00Z`);
}

describe('attempt log partitions', () => {
  it('cover today and the next days once the service has started, so an attempt of any of them can be logged', async () => {
    const database = suite.f.service.runtime.database;
    const partitions = await listAttemptPartitions(database);
    const today = await todayStart(database);
    for (let i = 0; i <= ATTEMPT_DAYS_AHEAD; i++) {
      const from = new Date(today.getTime() + i * DAY_MS);
      const to = new Date(from.getTime() + DAY_MS);
      expect(partitions.filter((p) => (p.from === null || p.from < to) && p.to > from)).toHaveLength(1);
    }
    await database.query(
      database.orm,
      sql`insert into webhooks.attempts (id, delivery_id, attempt_number, started_at, latency_ms, succeeded)
          values ('att_ahead', 'dlv_none', 1, now() + ${ATTEMPT_DAYS_AHEAD} * interval '1 day', 1, true)`,
    );
    await database.query(database.orm, sql`delete from webhooks.attempts where id = 'att_ahead'`);
  });

  it('are made once: again, or by two replicas at the same time, each day gets one partition and nothing fails', async () => {
    const database = suite.f.service.runtime.database;
    expect(await makeAttemptDays(database)).toEqual([]);

    const replicas = [await connectDatabase(suite.f.env.DATABASE_URL!), await connectDatabase(suite.f.env.DATABASE_URL!)];
    others.push(...replicas);
    const first = new Date((await todayStart(database)).getTime() + (ATTEMPT_DAYS_AHEAD + 1) * DAY_MS).toISOString().slice(0, 10);
    const made = await Promise.all(replicas.map((replica) => makeAttemptDays(replica, first, 10)));
    expect(made.flat().sort()).toHaveLength(10);
    expect(new Set(made.flat()).size).toBe(10);
    const days = (await listAttemptPartitions(database)).filter((p) => p.from !== null && p.from.toISOString().slice(0, 10) >= first);
    expect(days).toHaveLength(10);
    expect(await Promise.all(replicas.map((replica) => makeAttemptDays(replica, first, 10)))).toEqual([[], []]);
  });
});
