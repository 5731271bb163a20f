import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, Module, type DynamicModule } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { createEvent, type EventEnvelope } from '@ops/events';
import { createLogger } from '@ops/logger';
import { EventPublisher, JETSTREAM } from '@ops/messaging';
import { createTestDatabase, testStream, waitFor, type TestDatabase } from '@ops/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, runtimeEnv } from './config.js';
import { RuntimeModule } from './runtime.module.js';
import { ServiceKit } from './service-kit.js';
import type { Runtime } from './runtime.js';

const logger = createLogger({ name: 'kit-test', level: 'silent' });
const stream = testStream();
let db: TestDatabase;
let migrationsFolder: string;
const seen: string[] = [];

@Controller()
class LoginsController {
  @EventPattern<string>('user.login', JETSTREAM)
  async login(@Payload() event: EventEnvelope<'user.login'>): Promise<void> {
    seen.push(event.data.user_id);
  }
}

@Module({})
class KitTestModule {
  static with(runtime: Runtime): DynamicModule {
    return { module: KitTestModule, imports: [RuntimeModule.forRoot(runtime)], controllers: [LoginsController] };
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  // A service without tables of its own: an empty migration journal.
  migrationsFolder = mkdtempSync(join(tmpdir(), 'kit-migrations-'));
  mkdirSync(join(migrationsFolder, 'meta'));
  writeFileSync(join(migrationsFolder, 'meta', '_journal.json'), JSON.stringify({ version: '7', dialect: 'postgresql', entries: [] }));
});
afterAll(async () => {
  await stream.delete();
  await db?.drop();
});

async function openKit(revocations: boolean): Promise<ServiceKit> {
  const config = loadConfig(runtimeEnv, { ...stream.env, DATABASE_URL: db.url });
  return ServiceKit.open({ service: 'kit-test', schema: 'kit_test', config, migrationsFolder, logger, revocations });
}

describe('ServiceKit', () => {
  it('serves health on a loopback URL, feeds its consumers, and closes its own steps around the HTTP server, then the runtime', async () => {
    const kit = await openKit(true);
    kit.consumer({ durable: 'kit-test-logins', filterType: 'user.login' });
    await kit.httpApp(KitTestModule.with(kit.runtime));
    const url = await kit.listen({ port: 0, host: 'localhost', message: 'kit test listening' });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${url}/health/ready`)).status).toBe(200);

    const at = new Date();
    await new EventPublisher(kit.runtime.nats, { subjectPrefix: stream.env.EVENTS_SUBJECT_PREFIX }).publishAll([
      createEvent({
        type: 'user.login',
        source: 'user',
        orgId: null,
        time: at,
        data: { user_id: 'usr_kit', email: 'kit@example.com', login_at: at.toISOString() },
      }),
    ]);
    await waitFor('the consumer handled the event', () => seen.includes('usr_kit'));

    const order: string[] = [];
    const answers = async () =>
      fetch(`${url}/health`).then(
        (r) => r.status,
        () => 'refused',
      );
    kit.closeFirst('first', async () => order.push(`first: ${await answers()}`));
    kit.closeAfterHttp('after one', async () => order.push(`after one: ${await answers()}`));
    kit.closeAfterHttp('after two', async () => order.push(`after two: nats ${kit.runtime.nats.isClosed() ? 'closed' : 'open'}`));
    await kit.close();
    expect(order).toEqual(['first: 200', 'after one: refused', 'after two: nats open']);
    expect(kit.runtime.nats.isClosed()).toBe(true);
  });

  it('refuses to make a token verifier when the runtime does not follow revocations', async () => {
    const kit = await openKit(false);
    try {
      expect(() => kit.tokenVerifier('http://127.0.0.1:1/.well-known/jwks.json')).toThrow(/revocations/);
    } finally {
      await kit.close();
    }
  });

  it('refuses to listen before its HTTP app exists', async () => {
    const kit = await openKit(false);
    try {
      await expect(kit.listen({ port: 0, host: '127.0.0.1', message: 'never' })).rejects.toThrow(/HTTP app/);
    } finally {
      await kit.close();
    }
  });
});
