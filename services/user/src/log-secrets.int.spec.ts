import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@ops/logger';
import { api, createTestDatabase, Mailbox, testStream, type TestDatabase, type TestStream } from '@ops/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUserService, type UserService } from './user-service.js';

/**
 * Secrets never reach the logs, even when every write fails: the service runs at the most verbose level, its
 * tables are then frozen so that each request fails inside a query that carries secrets as bound values (a
 * password hash being inserted, a new hash, a token), and the captured lines are searched for every secret
 * this test knows.
 */
let db: TestDatabase;
let stream: TestStream;
let service: UserService;
const lines: string[] = [];
const mailbox = new Mailbox();

beforeAll(async () => {
  db = await createTestDatabase();
  stream = testStream();
  const logger = createLogger({ name: 'user', level: 'trace', destination: { write: (line) => lines.push(line) } });
  service = await startUserService(
    {
      ...stream.env,
      DATABASE_URL: db.url,
      USER_PORT: '0',
      LOG_LEVEL: 'trace',
      JWT_KEY_FILE: join(tmpdir(), `ops-jwt-${Date.now()}-${Math.random()}.pem`),
    },
    { mailer: mailbox, logger },
  );
});
afterAll(async () => {
  await service?.close();
  await stream?.delete();
  await db?.drop();
});

/** Every table of the service refuses new and changed rows from now on: each write fails in its query. */
async function freezeTables() {
  const tables = await service.runtime.database.query<{ name: string }>(
    service.runtime.database.orm,
    sql`select tablename as name from pg_tables where schemaname = 'users'`,
  );
  for (const { name } of tables)
    await service.runtime.database.orm.execute(sql.raw(`alter table users."${name}" add constraint frozen check (false) not valid`));
}

describe('the logs of a service whose queries fail', () => {
  it('hold none of the secrets the requests and the failed queries carried', async () => {
    const anonymous = api(service.url);
    const alice = { email: 'alice@example.com', password: 'alice-Password-1' };
    expect((await anonymous.post('/auth/register', { ...alice, name: 'Alice' })).status).toBe(201);
    const verificationToken = mailbox.tokenFor(alice.email);
    const login = await anonymous.post('/auth/login/password', alice);
    const accessToken: string = login.body.access_token;
    const [stored] = await service.runtime.database.query<{ hash: string }>(
      service.runtime.database.orm,
      sql`select password_hash as hash from users.users where email = ${alice.email}`,
    );
    const whsec = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const deviceCredential = 'dev_0194b8a2c3d47e5f.Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmE';
    const secrets = {
      password: alice.password,
      newPassword: 'new-Password-2',
      bobPassword: 'bob-Password-3',
      hash: stored!.hash,
      accessToken,
      verificationToken,
      whsec,
      deviceCredential,
    };

    await freezeTables();
    const aliceClient = api(service.url, accessToken);
    const failures = [
      await anonymous.post('/auth/register', { email: 'bob@example.com', password: secrets.bobPassword, name: 'Bob' }),
      await anonymous.post('/auth/login/password', alice),
      await aliceClient.post('/auth/password', { current_password: alice.password, new_password: secrets.newPassword }),
      await aliceClient.patch('/auth/me', { name: `${whsec} ${deviceCredential}` }),
      await anonymous.post('/auth/verify-email', { token: verificationToken }),
      await api(service.url, accessToken).post(`/auth/logout?access_token=${accessToken}`),
    ];
    // Every request failed in the database, and each failure was logged: otherwise this test proves nothing.
    expect(failures.map((f) => f.status)).toEqual(failures.map(() => 500));
    expect(lines.filter((l) => l.includes('request failed')).length).toBe(failures.length);

    const log = lines.join('');
    for (const [name, secret] of Object.entries(secrets)) expect(log.includes(secret), `${name} is in the logs`).toBe(false);
    expect(log).not.toContain('$argon2');
    expect(log).not.toContain('params:');
  });
});
