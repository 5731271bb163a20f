import { createTestDatabase, type TestDatabase, waitFor } from '@ops/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase } from './connect.js';
import type { Database } from './database.js';
import { NotifiedWork } from './notified-work.js';

let testDb: TestDatabase;
let database: Database;

beforeAll(async () => {
  testDb = await createTestDatabase();
  database = await connectDatabase(testDb.url);
});
afterAll(async () => {
  await database.close();
  await testDb.drop();
});

describe('NotifiedWork', () => {
  it('runs a pass at start and at every NOTIFY committed on its channel, not on other channels', async () => {
    let passes = 0;
    // A poll far beyond the test's length: every pass after the first must come from a NOTIFY.
    const work = new NotifiedWork(database, { channel: 'work_ready', pollIntervalMs: 3_600_000, work: async () => void passes++ });
    await work.start();
    await waitFor('the first pass', async () => passes === 1);

    await database.query(database.orm, sql`select pg_notify('other_channel', '')`);
    await database.query(database.orm, sql`select pg_notify('work_ready', '')`);
    await waitFor('a pass after the notify', async () => passes === 2);
    expect(passes).toBe(2);
    await work.stop();
  });

  it('never runs two passes at once: wakes during a pass fold into one more pass after it', async () => {
    let running = 0;
    let overlapped = false;
    let passes = 0;
    let release: () => void = () => {};
    const work = new NotifiedWork(database, {
      channel: 'work_serial',
      pollIntervalMs: 3_600_000,
      work: async () => {
        running++;
        overlapped ||= running > 1;
        passes++;
        if (passes === 1) await new Promise<void>((resolve) => (release = resolve));
        running--;
      },
    });
    await work.start();
    await waitFor('the first pass to be under way', async () => passes === 1);
    work.wake();
    work.wake();
    work.wake();
    release();
    await waitFor('the folded pass', async () => passes === 2);
    await work.idle();
    expect(passes).toBe(2);
    expect(overlapped).toBe(false);
    await work.stop();
  });

  it('polls when no NOTIFY comes (one missed during a reconnect, work another replica left)', async () => {
    let passes = 0;
    const work = new NotifiedWork(database, { channel: 'work_polled', pollIntervalMs: 20, work: async () => void passes++ });
    await work.start();
    await waitFor('passes from the poll alone', async () => passes >= 3);
    await work.stop();
  });
});
