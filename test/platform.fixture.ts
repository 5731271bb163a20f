import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPlatform, type Platform } from '@ops/local';
import { createLogger } from '@ops/logger';
import { connectNats, EventPublisher, type NatsConnection } from '@ops/messaging';
import { ManualClock } from '@ops/runtime';
import { api, createTestDatabase, Mailbox, Receiver, testStream, type TestDatabase, type TestStream } from '@ops/testing';
import { afterAll, beforeAll, expect } from 'vitest';
import { AuthenticatedBroker } from './authenticated-broker.js';

export const ADMIN = { email: 'admin@example.com', password: 'admin-password' };
/** Every person a test signs up has this password. */
export const PASSWORD = 'SecurePass123!';

/** A person signed in through the gateway: their id, token and a client acting as them. */
export interface Person {
  email: string;
  userId: string;
  token: string;
  client: ReturnType<typeof api>;
}

/** The whole platform on a fresh database and stream, for one spec file. */
export interface PlatformFixture {
  platform: Platform;
  stream: TestStream;
  nats: NatsConnection;
  /** Publishes as a domain service would, for events whose service is not built yet. */
  publisher: EventPublisher;
  adminToken: string;
  users: ReturnType<typeof api>;
  webhooks(token: string): ReturnType<typeof api>;
  /** Any path through the gateway (:8084), as the old design's curl commands use it. */
  gateway(token?: string): ReturnType<typeof api>;
  /** The billing cycle's and device presence's time: move it, then run their passes. */
  clock: ManualClock;
  /** The user service's outgoing email (verification tokens). */
  mailbox: Mailbox;
  /** The user service's signing key (PEM file): tests sign tokens the platform never issues, e.g. expired ones. */
  jwtKeyFile: string;
  /** With `authenticated`: the broker and its users' passwords. */
  broker: AuthenticatedBroker | undefined;
  /** Registers `email` through the gateway (its name is the part before @) and signs in. */
  signUp(email: string): Promise<Person>;
  signIn(email: string): Promise<Person>;
  close(): Promise<void>;
}

export interface PlatformFixtureOptions {
  /**
   * Run on a nats-server of the fixture's own with the broker's users (the shared test server has none): every
   * service connects as itself, and the fixture's own connection is the operators' (`ops`), which publishes
   * nothing; publish with `f.broker.credentials[source]`.
   */
  authenticated?: boolean;
}

/** `env` goes on top of the test settings below. */
export async function startPlatformFixture(
  env: Record<string, string> = {},
  options: PlatformFixtureOptions = {},
): Promise<PlatformFixture> {
  const db: TestDatabase = await createTestDatabase();
  const stream = testStream();
  const broker = options.authenticated
    ? await AuthenticatedBroker.start({ stream: stream.env.EVENTS_STREAM, subjectPrefix: stream.env.EVENTS_SUBJECT_PREFIX })
    : undefined;
  if (broker) env = { NATS_URL: broker.url, NATS_CREDENTIALS_FILE: broker.credentialsFile, ...env };
  const clock = new ManualClock();
  const mailbox = new Mailbox();
  const jwtKeyFile = join(tmpdir(), `ops-e2e-${process.pid}-${Date.now()}.pem`);
  const platform = await startPlatform(
    {
      ...stream.env,
      DATABASE_URL: db.url,
      USER_PORT: '0',
      WEBHOOK_PORT: '0',
      ORG_PORT: '0',
      SUBSCRIPTION_PORT: '0',
      DEVICE_PORT: '0',
      PAYMENT_WEBHOOK_SECRET: 'whsec_e2e_secret',
      ORG_ROLES_CACHE_MS: '0',
      GATEWAY_PORT: '0',
      LOG_LEVEL: 'silent',
      JWT_KEY_FILE: jwtKeyFile,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      // Every e2e request comes from loopback: the per-address limits are tested in the services.
      REGISTER_RATE_LIMIT: '1000',
      LOGIN_RATE_LIMIT: '1000',
      VERIFY_EMAIL_RATE_LIMIT: '1000',
      PAYMENT_WEBHOOK_RATE_LIMIT: '1000',
      MEMBER_ADD_RATE_LIMIT: '1000',
      WEBHOOK_RETRY_DELAYS_MS: '50,50',
      WEBHOOK_POLL_INTERVAL_MS: '20',
      WEBHOOK_ALLOWED_CIDRS: '127.0.0.1/32',
      WEBHOOK_SECRETS_KEY: randomBytes(32).toString('base64'),
      ...env,
    },
    { clock, mailer: mailbox },
  );
  const nats = await connectNats({
    servers: broker?.url ?? stream.env.NATS_URL,
    name: 'e2e',
    logger: createLogger({ name: 'e2e', level: 'silent' }),
    credentials: broker?.credentials.ops,
  });
  const users = api(platform.user.url);
  const login = await users.post('/auth/login/password', ADMIN);
  const gateway = (token?: string) => api(platform.gateway.url, token);
  const signIn = async (email: string): Promise<Person> => {
    const res = await gateway().post('/auth/login/password', { email, password: PASSWORD });
    expect(res.status).toBe(200);
    return {
      email,
      userId: res.body.user.user_id as string,
      token: res.body.access_token as string,
      client: gateway(res.body.access_token),
    };
  };
  return {
    platform,
    stream,
    nats,
    publisher: new EventPublisher(nats, { subjectPrefix: stream.env.EVENTS_SUBJECT_PREFIX }),
    adminToken: login.body.access_token,
    users,
    webhooks: (token) => api(platform.webhook.url, token),
    gateway,
    clock,
    mailbox,
    jwtKeyFile,
    broker,
    signIn,
    async signUp(email) {
      expect((await gateway().post('/auth/register', { email, password: PASSWORD, name: email.split('@')[0] })).status).toBe(201);
      return signIn(email);
    },
    async close() {
      await platform.close();
      await nats.close();
      await stream.delete();
      await broker?.close();
      await db.drop();
    },
  };
}

/** For a spec file: the platform and one loopback receiver, for its tests, as `suite.f` and `suite.receiver`. */
export function usePlatformFixture(
  env: Record<string, string> = {},
  options: PlatformFixtureOptions = {},
): { f: PlatformFixture; receiver: Receiver } {
  const suite = {} as { f: PlatformFixture; receiver: Receiver };
  beforeAll(async () => {
    suite.f = await startPlatformFixture(env, options);
    suite.receiver = await Receiver.start();
  });
  afterAll(async () => {
    await suite.receiver?.close();
    await suite.f?.close();
  });
  return suite;
}
