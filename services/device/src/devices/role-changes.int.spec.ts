import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEvent } from '@ops/events';
import { createLogger } from '@ops/logger';
import { connectNats, EventPublisher, type NatsConnection } from '@ops/messaging';
import { api, createTestDatabase, TestTokens, testStream, waitFor, type TestDatabase, type TestStream } from '@ops/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeviceService, type DeviceService } from '../device-service.js';

/**
 * Roles come from the organization service and are cached (here for a minute); a membership change on the
 * stream must end a removed member's access at once anyway. The organization service is a stand-in whose
 * answer the test changes.
 */
let db: TestDatabase;
let stream: TestStream;
let service: DeviceService;
let orgService: Server;
let nats: NatsConnection;
let client: ReturnType<typeof api>;
const roles: Record<string, Record<string, string>> = {};
const user = { userId: 'usr_removed', email: 'removed@example.com' };

beforeAll(async () => {
  db = await createTestDatabase();
  stream = testStream();
  orgService = createServer((req, res) => {
    const sub = JSON.parse(Buffer.from(String(req.headers.authorization).split('.')[1]!, 'base64url').toString()).sub as string;
    res.setHeader('content-type', 'application/json').end(JSON.stringify({ memberships: roles[sub] ?? {} }));
  });
  await new Promise<void>((resolve) => orgService.listen(0, '127.0.0.1', resolve));
  const tokens = await TestTokens.create();
  service = await startDeviceService(
    { ...stream.env, DATABASE_URL: db.url, DEVICE_PORT: '0', LOG_LEVEL: 'silent', ORG_SERVICE_URL: `http://127.0.0.1:${(orgService.address() as AddressInfo).port}`, ORG_ROLES_CACHE_MS: '60000' },
    { verifier: tokens.verifier },
  );
  nats = await connectNats({ servers: stream.env.NATS_URL, name: 'role-changes-test', logger: createLogger({ name: 'test', level: 'silent' }) });
  client = api(service.url, await tokens.tokenFor(user));
});
afterAll(async () => {
  await service?.close();
  await nats?.close();
  orgService?.close();
  await stream?.delete();
  await db?.drop();
});

describe('cached organization roles', () => {
  it('are dropped when organization.member_removed says the user left: write access ends at once, not after the cache', async () => {
    roles[user.userId] = { org_roles: 'admin' };
    const register = (n: number) => client.post('/api/v1/devices', { org_id: 'org_roles', device_name: `Sensor ${n}`, hardware_id: `hw-roles-${n}`, firmware_version: '1.0.0' });
    expect((await register(1)).status).toBe(201);

    delete roles[user.userId];
    expect((await register(2)).status).toBe(201); // still cached: the stand-in was asked only once
    await new EventPublisher(nats, { subjectPrefix: stream.env.EVENTS_SUBJECT_PREFIX }).publish(
      createEvent({
        type: 'organization.member_removed',
        source: 'org',
        orgId: 'org_roles',
        data: { organization_id: 'org_roles', user_id: user.userId, email: user.email, role: 'admin', removed_by: 'owner@example.com', removed_at: new Date().toISOString() },
      }),
    );
    let n = 3;
    await waitFor('the removed member refused', async () => (await register(n++)).status === 403, { timeoutMs: 5_000 });
  });
});
