import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, createTestDatabase, Mailbox, testStream, type TestDatabase, type TestStream } from '@ops/testing';
import { afterAll, beforeAll } from 'vitest';
import { startUserService, type UserService } from '../src/user-service.js';

export interface UserFixture {
  service: UserService;
  stream: TestStream;
  mailbox: Mailbox;
  anonymous: ReturnType<typeof api>;
  /** Registers and signs in; returns the user, its token and a client acting as it. */
  signUp(email: string, password?: string): Promise<{ userId: string; token: string; client: ReturnType<typeof api> }>;
  admin(): Promise<ReturnType<typeof api>>;
}

export const ADMIN = { email: 'root@example.com', password: 'admin-password' };

/**
 * For a spec file: a user service on a fresh database and stream, with a mailbox instead of SMTP. `env` may be
 * a function, read when the service starts (for settings known only then, such as a server of the test's own).
 */
export function useUserFixture(env: Record<string, string> | (() => Record<string, string>) = {}): { f: UserFixture } {
  const suite = {} as { f: UserFixture };
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    const stream = testStream();
    const mailbox = new Mailbox();
    const service = await startUserService(
      {
        ...stream.env,
        DATABASE_URL: db.url,
        USER_PORT: '0',
        LOG_LEVEL: 'silent',
        JWT_KEY_FILE: join(tmpdir(), `ops-jwt-${Date.now()}-${Math.random()}.pem`),
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        // Every request of a spec comes from loopback; a spec about the limits sets its own.
        REGISTER_RATE_LIMIT: '1000',
        LOGIN_RATE_LIMIT: '1000',
        VERIFY_EMAIL_RATE_LIMIT: '1000',
        ...(typeof env === 'function' ? env() : env),
      },
      { mailer: mailbox },
    );
    const anonymous = api(service.url);
    const signIn = async (email: string, password: string) => {
      const login = await anonymous.post('/auth/login/password', { email, password });
      if (login.status !== 200) throw new Error(`login failed: ${login.status} ${JSON.stringify(login.body)}`);
      return {
        userId: login.body.user.user_id as string,
        token: login.body.access_token as string,
        client: api(service.url, login.body.access_token),
      };
    };
    suite.f = {
      service,
      stream,
      mailbox,
      anonymous,
      async signUp(email, password = 'SecurePass123!') {
        const res = await anonymous.post('/auth/register', { email, password, name: email.split('@')[0] });
        if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
        return signIn(email, password);
      },
      admin: async () => (await signIn(ADMIN.email, ADMIN.password)).client,
    };
  });
  afterAll(async () => {
    await suite.f?.service.close();
    await suite.f?.stream.delete();
    await db?.drop();
  });
  return suite;
}
