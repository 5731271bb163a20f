import { fileURLToPath } from 'node:url';
import { connectDatabase, migrate, type Database } from '@ops/db';
import { createTestDatabase, type TestDatabase } from '@ops/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveries } from '../schema.js';
import { logAttempts, type LoggedAttempt } from './log-attempts.js';
import { attemptsOf } from './read-deliveries.js';

let db: TestDatabase;
let database: Database;

beforeAll(async () => {
  db = await createTestDatabase();
  database = await connectDatabase(db.url);
  await migrate(database, { migrationsFolder: fileURLToPath(new URL('../../drizzle', import.meta.url)), schema: 'webhooks' });
  await database.query(
    database.orm,
    sql`insert into webhooks.endpoints (id, url, events, created_by) values ('ep_1', 'https://hooks.example.com', '{user.created}', 'usr_admin')`,
  );
  await database.query(
    database.orm,
    sql`insert into webhooks.events (id, type, source, time, data, stream_seq) values ('evt_1', 'user.created', 'user', now(), '{}', 1)`,
  );
  await database.query(
    database.orm,
    sql`insert into webhooks.deliveries (id, event_id, endpoint_id, event_type, status) values ('dlv_1', 'evt_1', 'ep_1', 'user.created', 'in_flight')`,
  );
});
afterAll(async () => {
  await database?.close();
  await db?.drop();
});

const firstAttempt = (id: string, statusCode: number): LoggedAttempt => ({
  deliveryId: 'dlv_1',
  status: statusCode === 200 ? 'succeeded' : 'retrying',
  attemptCount: 1,
  retry_in_ms: statusCode === 200 ? null : 0,
  lastAttemptId: id,
  lastAttemptStartedAt: new Date(),
  lastAttemptSucceeded: statusCode === 200,
  lastAttemptError: statusCode === 200 ? null : `HTTP ${statusCode}`,
  lastResponseExcerpt: '',
  lastStatusCode: statusCode,
  lastLatencyMs: 5,
  lastError: statusCode === 200 ? null : `HTTP ${statusCode}`,
});

describe('the attempt log', () => {
  it('keeps both first attempts of a delivery that two workers sent (one whose lease ran out), recorded at once', async () => {
    await Promise.all([
      database.orm.transaction((tx) => logAttempts(tx, [firstAttempt('att_a', 503)])),
      database.orm.transaction((tx) => logAttempts(tx, [firstAttempt('att_b', 200)])),
    ]);
    const [row] = await database.orm.select().from(deliveries).where(sql`${deliveries.id} = 'dlv_1'`);
    const log = await attemptsOf(database.orm, row!);
    expect(log.map((a) => a.id).sort()).toEqual(['att_a', 'att_b']);
  });
});
