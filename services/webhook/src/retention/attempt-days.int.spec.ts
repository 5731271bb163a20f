import { connectDatabase, type Database } from '@ops/db';
import { newId } from '@ops/events';
import { createLogger } from '@ops/logger';
import { waitFor } from '@ops/testing';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useWebhookFixture, userCreated } from '../../test/webhook.fixture.js';
import { attemptPartitionName, attemptsOf, listAttemptPartitions, logAttempts, makeAttemptDays } from '../delivery-store/index.js';
import { attempts, deliveries, type DeliveryStatus, events } from '../schema.js';
import { RetentionSweeper } from './retention-sweeper.js';

// The service's own sweeper keeps everything: only the sweepers made here remove days.
const suite = useWebhookFixture({ WEBHOOK_RETENTION_MS: String(3650 * 24 * 3600_000) });
const DAY_MS = 24 * 3600_000;
const RETENTION_DAYS = 30;
let database: Database;
let replica: Database;
let today: Date;
let endpointId: string;

const dayOf = (daysAgo: number) => new Date(today.getTime() - daysAgo * DAY_MS).toISOString().slice(0, 10);
const noonOf = (daysAgo: number) => new Date(today.getTime() - daysAgo * DAY_MS + DAY_MS / 2);
const daysAgo = (n: number) => new Date(Date.now() - n * DAY_MS);
const partitionNames = async () => (await listAttemptPartitions(database)).map((p) => p.name);

function sweeper(options: { lockTimeoutMs?: number; keptDayRecheckMs?: number; warnings?: string[] } = {}): RetentionSweeper {
  const lines = options.warnings;
  return new RetentionSweeper({
    database,
    logger: createLogger({ name: 'test', level: lines ? 'warn' : 'silent', destination: { write: (line: string) => lines?.push(line) } }),
    retentionMs: RETENTION_DAYS * DAY_MS,
    pauseMs: 0,
    lockTimeoutMs: options.lockTimeoutMs,
    keptDayRecheckMs: options.keptDayRecheckMs ?? 0,
  });
}

/** A delivery whose earlier attempts started at `attemptsAt` (in `attempts`), not due again during the test. */
async function seed(status: DeliveryStatus, finishedAt: Date | null, attemptsAt: Date[], latestAt: Date | null = null): Promise<string> {
  const eventId = newId('evt');
  const deliveryId = newId('dlv');
  await database.orm.insert(events).values({
    id: eventId,
    type: 'user.created',
    source: 'user',
    orgId: null,
    time: new Date().toISOString(),
    data: userCreated(deliveryId),
    streamSeq: 1,
    receivedAt: daysAgo(50),
  });
  await database.orm.insert(deliveries).values({
    id: deliveryId,
    eventId,
    endpointId,
    eventType: 'user.created',
    status,
    attemptCount: attemptsAt.length + (latestAt ? 1 : 0),
    nextAttemptAt: new Date(Date.now() + DAY_MS),
    completedAt: finishedAt,
    lastAttemptId: latestAt ? newId('att') : null,
    lastAttemptStartedAt: latestAt,
    lastAttemptSucceeded: latestAt ? false : null,
    lastLatencyMs: latestAt ? 1 : null,
  });
  for (const [i, startedAt] of attemptsAt.entries()) {
    await database.orm
      .insert(attempts)
      .values({ id: newId('att'), deliveryId, attemptNumber: i + 1, startedAt, latencyMs: 1, statusCode: 500, succeeded: false });
  }
  return deliveryId;
}

/** One more failed attempt of a retrying delivery, logged as a worker does: its latest attempt moves to `attempts`. */
const failedAttempt = (deliveryId: string, n: number) => ({
  deliveryId,
  status: 'retrying' as const,
  attemptCount: n,
  retry_in_ms: DAY_MS,
  lastAttemptId: newId('att'),
  lastAttemptStartedAt: new Date(),
  lastAttemptSucceeded: false,
  lastAttemptError: 'HTTP 500',
  lastResponseExcerpt: '',
  lastStatusCode: 500,
  lastLatencyMs: 3,
  lastError: 'HTTP 500',
});

/** A transaction of another worker held open until `release()`: `work` runs in it first. */
async function heldOpen(work: (tx: Parameters<Parameters<Database['orm']['transaction']>[0]>[0]) => Promise<unknown>) {
  let release!: () => void;
  let holding!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const held = new Promise<void>((r) => (holding = r));
  const done = replica.orm.transaction(async (tx) => {
    await work(tx);
    holding();
    await released;
  });
  await held;
  return {
    release: async () => {
      release();
      await done;
    },
  };
}

const detachWaiting = async () => {
  const [row] = await database.query<{ waiting: boolean }>(
    database.orm,
    sql`select exists (select 1 from pg_stat_activity where query ilike '%detach partition%' and wait_event_type = 'Lock') as waiting`,
  );
  return row!.waiting;
};

beforeAll(async () => {
  database = suite.f.service.runtime.database;
  replica = await connectDatabase(suite.f.env.DATABASE_URL!);
  const [row] = await database.query<{ day: string }>(database.orm, sql`select to_char(now() at time zone 'utc', 'YYYY-MM-DD') as day`);
  today = new Date(`${row!.day}T00:00:00Z`);
  endpointId = (await suite.f.endpointFor(suite.receiver, { events: ['user.created'] })).id;
  // A new install's first partition covers every past day: this one is empty, so days of their own replace it.
  const [first] = await listAttemptPartitions(database);
  await database.query(database.orm, sql`alter table webhooks.attempts detach partition webhooks.${sql.identifier(first!.name)}`);
  await database.query(database.orm, sql`drop table webhooks.${sql.identifier(first!.name)}`);
  await makeAttemptDays(database);
});

afterAll(async () => replica?.close());

describe('retention by day', () => {
  it('removes days past the cutoff, keeps those holding attempts of deliveries still logged, and keeps recent ones', async () => {
    for (const ago of [40, 36, 35, 34, 33, 10]) await makeAttemptDays(database, dayOf(ago), 1);
    const finishedLongAgo = await seed('succeeded', daysAgo(39), [noonOf(40)]);
    const stillRetrying = await seed('retrying', null, [noonOf(35)]);
    const latestAttemptOld = await seed('retrying', null, [], noonOf(34));
    const finishedRecently = await seed('failed', daysAgo(10), [noonOf(33), noonOf(10)]);
    const recent = await seed('succeeded', daysAgo(1), [new Date()]);

    const warnings: string[] = [];
    const hourly = sweeper({ warnings, keptDayRecheckMs: 3_600_000 });
    expect(await hourly.sweep()).toEqual({ attemptDays: 2, deliveries: 1, events: 1 });

    const names = await partitionNames();
    for (const gone of [40, 36]) expect(names).not.toContain(attemptPartitionName(dayOf(gone)));
    for (const kept of [35, 34, 33, 10, 0]) expect(names).toContain(attemptPartitionName(dayOf(kept)));
    const kept = [35, 34, 33].map((ago) => attemptPartitionName(dayOf(ago)));
    expect(warnings.map((line) => JSON.parse(line))).toContainEqual(expect.objectContaining({ level: 40, partitions: kept }));
    expect(await database.orm.select().from(deliveries).where(eq(deliveries.id, finishedLongAgo))).toHaveLength(0);
    const logOf = async (id: string) => {
      const [row] = await database.orm.select().from(deliveries).where(eq(deliveries.id, id));
      return attemptsOf(database.orm, row!);
    };
    expect(await logOf(stillRetrying)).toHaveLength(1);
    expect(await logOf(latestAttemptOld)).toHaveLength(1);
    expect(await logOf(finishedRecently)).toHaveLength(2);
    expect(await logOf(recent)).toHaveLength(1);

    // The retrying delivery's next attempt moves its latest into its old day, which is still there.
    await database.orm.transaction((tx) => logAttempts(tx, [failedAttempt(latestAttemptOld, 2)]));
    expect(await logOf(latestAttemptOld)).toHaveLength(2);

    // Once the delivery that held a day back is finished and past the retention, the day goes when next checked:
    // not by the sweep right after (a kept day is read again within the hour, not every sweep), then by one that checks.
    await database.orm
      .update(deliveries)
      .set({ status: 'failed', completedAt: daysAgo(31) })
      .where(eq(deliveries.id, stillRetrying));
    expect(await hourly.sweep()).toEqual({ attemptDays: 0, deliveries: 1, events: 1 });
    expect(await partitionNames()).toContain(attemptPartitionName(dayOf(35)));
    expect(await sweeper().sweep()).toEqual({ attemptDays: 1, deliveries: 0, events: 0 });
    expect(await partitionNames()).not.toContain(attemptPartitionName(dayOf(35)));
  });

  it('removes an old day without blocking delivery: writes and reads go on while the removal waits for older transactions', async () => {
    await makeAttemptDays(database, dayOf(45), 1);
    await seed('succeeded', daysAgo(44), [noonOf(45)]);
    const writing = await seed('retrying', null, [], new Date());
    const inFlight = await seed('retrying', null, [], new Date());
    const claimed = await seed('retrying', null, []);
    // The newest day is missing: the sweep makes it while the transactions below are open.
    const newest = (await listAttemptPartitions(database)).at(-1)!.name;
    await database.query(database.orm, sql`alter table webhooks.attempts detach partition webhooks.${sql.identifier(newest)}`);
    await database.query(database.orm, sql`drop table webhooks.${sql.identifier(newest)}`);

    // A worker logging an attempt (it holds `attempts` and `deliveries`), and one holding a claim (`deliveries` only).
    const logging = await heldOpen((tx) => logAttempts(tx, [failedAttempt(inFlight, 2)]));
    const claim = await heldOpen((tx) => tx.update(deliveries).set({ status: 'in_flight' }).where(eq(deliveries.id, claimed)));
    const sweeping = sweeper({ lockTimeoutMs: 5_000 }).sweep();
    await waitFor('the detach to wait for the transaction that was logging an attempt', detachWaiting);

    const latencies: number[] = [];
    for (let n = 2; n <= 21; n++) {
      const start = performance.now();
      await database.orm.transaction((tx) => logAttempts(tx, [failedAttempt(writing, n)]));
      const [row] = await database.orm.select().from(deliveries).where(eq(deliveries.id, writing));
      expect(await attemptsOf(database.orm, row!)).toHaveLength(n);
      latencies.push(performance.now() - start);
    }
    // Blocked, a write would wait for the lock timeout (5 s); it took milliseconds, while the removal still waited.
    expect(Math.max(...latencies)).toBeLessThan(1_000);
    expect(await detachWaiting()).toBe(true);

    await logging.release();
    // The removal finishes although a claim is still open on `deliveries`: it takes no lock there.
    expect(await sweeping).toMatchObject({ attemptDays: 1 });
    expect(await partitionNames()).not.toContain(attemptPartitionName(dayOf(45)));
    expect(await partitionNames()).toContain(newest);
    await claim.release();
  });

  it('gives up on a removal that waits longer than the lock timeout, and finishes it at the next sweep', async () => {
    await makeAttemptDays(database, dayOf(50), 1);
    await seed('succeeded', daysAgo(49), [noonOf(50)]);
    const writing = await seed('retrying', null, [], new Date());
    const logging = await heldOpen((tx) => logAttempts(tx, [failedAttempt(writing, 2)]));

    expect(await sweeper({ lockTimeoutMs: 200 }).sweep()).toMatchObject({ attemptDays: 0 });
    const day = (await listAttemptPartitions(database)).find((p) => p.name === attemptPartitionName(dayOf(50)));
    expect(day).toMatchObject({ detachPending: true });
    await logging.release();
    await database.orm.transaction((tx) => logAttempts(tx, [failedAttempt(writing, 3)]));

    expect(await sweeper({ lockTimeoutMs: 200 }).sweep()).toMatchObject({ attemptDays: 1 });
    expect(await partitionNames()).not.toContain(attemptPartitionName(dayOf(50)));
  });
});
