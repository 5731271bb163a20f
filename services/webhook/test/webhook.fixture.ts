import { randomBytes } from 'node:crypto';
import { createEvent, eventSources, type EventData, type EventEnvelope, type EventType } from '@ops/events';
import { createLogger, type Logger } from '@ops/logger';
import { connectNats, EventPublisher, type NatsConnection } from '@ops/messaging';
import { api, createTestDatabase, Receiver, TestTokens, testStream, type TestDatabase, type TestStream } from '@ops/testing';
import { afterAll, beforeAll } from 'vitest';
import { systemResolver } from '../src/dispatch/destination-policy.js';
import { startWebhookService, type WebhookService } from '../src/webhook-service.js';

/** A webhook service on a fresh database and stream, with a token issuer and a publisher, for one spec file. */
export interface WebhookFixture {
  service: WebhookService;
  tokens: TestTokens;
  stream: TestStream;
  /** DNS answers for webhook hosts, changeable by a test; other names go to the system resolver. */
  dns: Map<string, string[]>;
  nats: NatsConnection;
  publisher: EventPublisher;
  /** API client as a platform admin. */
  admin: ReturnType<typeof api>;
  as(token: string): ReturnType<typeof api>;
  /** Publishes an event to the stream as a domain service would. */
  publish<T extends EventType>(type: T, data: EventData<T>, orgId?: string | null): Promise<EventEnvelope<T>>;
  /** Creates an endpoint for a receiver, as admin unless a token is given. */
  endpointFor(receiver: Receiver, body?: Record<string, unknown>, token?: string): Promise<{ id: string; secret: string }>;
  /** The service's environment: what a copy of it in another process needs (with a port of its own). */
  env: Record<string, string>;
  /** Stops the service, keeping its database and stream. */
  stop(): Promise<void>;
  /** Stops the service if it runs and starts a new one on the same database and stream, as a redeploy would. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** `logger`: where the service logs (by default nowhere: LOG_LEVEL silent), for tests of what it logs. */
export async function startWebhookFixture(env: Record<string, string> = {}, options: { logger?: Logger } = {}): Promise<WebhookFixture> {
  const db: TestDatabase = await createTestDatabase();
  const stream = testStream();
  const tokens = await TestTokens.create();
  const serviceEnv = {
    ...stream.env,
    DATABASE_URL: db.url,
    WEBHOOK_PORT: '0',
    LOG_LEVEL: 'silent',
    WEBHOOK_RETRY_DELAYS_MS: '50,50',
    WEBHOOK_RETRY_JITTER: '0',
    WEBHOOK_RETRY_FLOOR_MS: '50',
    // Tests of retries need failures to reach the receiver; the breaker has a test of its own.
    WEBHOOK_BREAKER_FAILURES: '1000',
    WEBHOOK_POLL_INTERVAL_MS: '20',
    WEBHOOK_REQUEST_TIMEOUT_MS: '2000',
    // Receivers run on 127.0.0.1; the rest of loopback and every private range stay refused.
    WEBHOOK_ALLOWED_CIDRS: '127.0.0.1/32',
    WEBHOOK_SECRETS_KEY: randomBytes(32).toString('base64'),
    ...env,
  };
  const dns = new Map<string, string[]>([['hooks.example.com', ['93.184.216.34']]]);
  const overrides = {
    verifier: tokens.verifier,
    resolver: async (host: string) => dns.get(host) ?? systemResolver(host),
    logger: options.logger,
  };
  const service = await startWebhookService(serviceEnv, overrides);
  let running = true;
  const nats = await connectNats({
    servers: stream.env.NATS_URL,
    name: 'test-publisher',
    logger: createLogger({ name: 'test', level: 'silent' }),
  });
  const publisher = new EventPublisher(nats, { subjectPrefix: stream.env.EVENTS_SUBJECT_PREFIX });
  const adminToken = await tokens.admin();
  const fixture: WebhookFixture = {
    service,
    tokens,
    stream,
    dns,
    nats,
    publisher,
    admin: api(service.url, adminToken),
    as: (token) => api(fixture.service.url, token),
    async publish(type, data, orgId = null) {
      const event = createEvent({ type, source: eventSources(type)[0]!, orgId, data });
      await publisher.publish(event);
      return event;
    },
    async endpointFor(receiver, body = {}, token) {
      const client = token ? api(fixture.service.url, token) : fixture.admin;
      const res = await client.post('/api/v1/webhooks', { url: receiver.url, events: ['*'], ...body });
      if (res.status !== 201) throw new Error(`endpoint creation failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },
    env: serviceEnv,
    async stop() {
      if (running) await fixture.service.close();
      running = false;
    },
    async restart() {
      await fixture.stop();
      fixture.service = await startWebhookService(serviceEnv, overrides);
      running = true;
      fixture.admin = api(fixture.service.url, adminToken);
    },
    async close() {
      await fixture.stop();
      await nats.close();
      await stream.delete();
      await db.drop();
    },
  };
  return fixture;
}

/** Valid `data` for a user.created event. */
export function userCreated(n: number | string): EventData<'user.created'> {
  return {
    user_id: `usr_${n}`,
    email: `user${n}@example.com`,
    name: `User ${n}`,
    subscription_tier: 'trial',
    created_at: new Date().toISOString(),
  };
}

/**
 * For a spec file: a fixture and one loopback receiver, started before its tests and closed after them,
 * reached as `suite.f` and `suite.receiver`.
 */
export function useWebhookFixture(env: Record<string, string> = {}): { f: WebhookFixture; receiver: Receiver } {
  const suite = {} as { f: WebhookFixture; receiver: Receiver };
  beforeAll(async () => {
    suite.f = await startWebhookFixture(env);
    suite.receiver = await Receiver.start();
  });
  afterAll(async () => {
    await suite.receiver?.close();
    await suite.f?.close();
  });
  return suite;
}
