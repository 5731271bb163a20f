import { createEvent } from '@ops/events';
import { createLogger } from '@ops/logger';
import { connectNats, EventPublisher } from '@ops/messaging';
import { ManualClock } from '@ops/runtime';
import {
  api,
  createTestDatabase,
  readStream,
  TestTokens,
  testStream,
  waitFor,
  type StoredEvent,
  type TestDatabase,
  type TestStream,
} from '@ops/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeviceService, type DeviceService } from '../device-service.js';

let db: TestDatabase;
let stream: TestStream;
let service: DeviceService;
let tokens: TestTokens;
let owner: ReturnType<typeof api>;
let member: ReturnType<typeof api>;
const clock = new ManualClock(new Date('2026-12-01T00:00:00Z'));

beforeAll(async () => {
  db = await createTestDatabase();
  stream = testStream();
  tokens = await TestTokens.create();
  service = await startDeviceService(
    {
      ...stream.env,
      DATABASE_URL: db.url,
      DEVICE_PORT: '0',
      LOG_LEVEL: 'silent',
      DEVICE_OFFLINE_AFTER_MS: '90000',
      DEVICE_PRESENCE_INTERVAL_MS: '3600000',
    },
    { verifier: tokens.verifier, clock },
  );
  owner = api(service.url, await tokens.user({ org_dev: 'owner' }));
  member = api(service.url, await tokens.user({ org_dev: 'member' }));
});
afterAll(async () => {
  await service?.close();
  await stream?.delete();
  await db?.drop();
});

async function eventsOf(deviceId: string, count: number): Promise<StoredEvent[]> {
  return waitFor(`${count} events of ${deviceId}`, async () => {
    const mine = (await readStream(stream)).filter((e) => e.data.device_id === deviceId);
    return mine.length >= count ? mine : null;
  });
}

async function register(hardwareId: string) {
  const res = await owner.post('/api/v1/devices', {
    org_id: 'org_dev',
    device_name: `Sensor ${hardwareId}`,
    hardware_id: hardwareId,
    firmware_version: '1.0.0',
  });
  expect(res.status).toBe(201);
  return res.body as { device_id: string; credential: string };
}

async function heartbeat(credential: string, body: Record<string, unknown> = {}) {
  const res = await fetch(`${service.url}/api/v1/devices/heartbeat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Device ${credential}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: res.status === 204 ? null : ((await res.json()) as Record<string, any>) };
}

describe('devices', () => {
  it('registers a device with a credential shown once, and publishes device.registered under its organization', async () => {
    const device = await register('hw-001');
    expect(device).toMatchObject({
      device_name: 'Sensor hw-001',
      status: 'unknown',
      credential: expect.stringMatching(/^dev_.+\..{40,}$/),
    });
    expect((await owner.get(`/api/v1/devices/${device.device_id}`)).body).not.toHaveProperty('credential');
    const [registered] = await eventsOf(device.device_id, 1);
    expect(registered).toMatchObject({
      type: 'device.registered',
      org_id: 'org_dev',
      source: 'device',
      data: { device_id: device.device_id, hardware_id: 'hw-001', firmware_version: '1.0.0' },
    });
    const twice = await owner.post('/api/v1/devices', {
      org_id: 'org_dev',
      device_name: 'Again',
      hardware_id: 'hw-001',
      firmware_version: '1.0.0',
    });
    expect(twice.status).toBe(409);
    expect(twice.body.message).toMatch(/hardware_id/);
  });

  it('keeps hardware ids unique per organization: another organization registers the same id, and learns nothing', async () => {
    await register('hw-shared');
    const elsewhere = api(service.url, await tokens.user({ org_neighbour: 'owner' }));
    const res = await elsewhere.post('/api/v1/devices', {
      org_id: 'org_neighbour',
      device_name: 'Mine',
      hardware_id: 'hw-shared',
      firmware_version: '1.0.0',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ org_id: 'org_neighbour', hardware_id: 'hw-shared' });
    expect(
      (
        await elsewhere.post('/api/v1/devices', {
          org_id: 'org_neighbour',
          device_name: 'Again',
          hardware_id: 'hw-shared',
          firmware_version: '1.0.0',
        })
      ).status,
    ).toBe(409);
  });

  it('updates and deletes for owners and admins only, one event each', async () => {
    const device = await register('hw-002');
    expect((await heartbeat(device.credential)).status).toBe(204);
    expect((await member.patch(`/api/v1/devices/${device.device_id}`, { firmware_version: '2.0.0' })).status).toBe(403);
    expect((await owner.patch(`/api/v1/devices/${device.device_id}`, { firmware_version: '2.0.0' })).body.firmware_version).toBe('2.0.0');
    expect((await owner.patch(`/api/v1/devices/${device.device_id}`, { firmware_version: '2.0.0' })).status).toBe(200);
    expect((await owner.delete(`/api/v1/devices/${device.device_id}`)).status).toBe(204);
    expect((await owner.get(`/api/v1/devices/${device.device_id}`)).status).toBe(404);
    const events = await eventsOf(device.device_id, 4);
    expect(events.map((e) => e.type)).toEqual(['device.registered', 'device.online', 'device.updated', 'device.deleted']);
    expect(events[2]!.data).toMatchObject({ changes: ['firmware_version'], firmware_version: '2.0.0' });
    expect((await heartbeat(device.credential)).status).toBe(401);
  });

  it('validates input and keeps other organizations out', async () => {
    const outsider = api(service.url, await tokens.user({ org_other: 'owner' }));
    expect(
      (await outsider.post('/api/v1/devices', { org_id: 'org_dev', device_name: 'X', hardware_id: 'hw-x', firmware_version: '1' })).status,
    ).toBe(403);
    expect(
      (await member.post('/api/v1/devices', { org_id: 'org_dev', device_name: 'X', hardware_id: 'hw-x', firmware_version: '1' })).status,
    ).toBe(403);
    const device = await register('hw-003');
    expect((await outsider.get(`/api/v1/devices/${device.device_id}`)).status).toBe(404);
    expect((await outsider.get('/api/v1/devices')).body.data).toEqual([]);
    expect(
      (await owner.post('/api/v1/devices', { org_id: 'org_dev', device_name: '', hardware_id: 'hw-y', firmware_version: '1' })).body
        .message,
    ).toMatch(/device_name/);
    expect((await owner.patch(`/api/v1/devices/${device.device_id}`, {})).status).toBe(400);
    expect((await heartbeat('garbage')).status).toBe(401);
    expect((await heartbeat(`${device.device_id}.${'x'.repeat(43)}`)).status).toBe(401);
    expect((await heartbeat(device.credential, { metrics: { temperature: 'hot' } })).body!.message).toMatch(/metrics.temperature/);
  });
});

describe('heartbeats, on an injected clock', () => {
  it('goes online with the first heartbeat, writes nothing for heartbeats that change nothing, and goes offline when they stop', async () => {
    const device = await register('hw-010');
    expect((await heartbeat(device.credential, { metrics: { cpu: 12 } })).status).toBe(204);
    const online = await eventsOf(device.device_id, 2);
    expect(online[1]).toMatchObject({
      type: 'device.online',
      data: { status: 'online', previous_status: 'unknown', device_name: 'Sensor hw-010' },
    });

    // The device's row version (xmin changes with any update) and the outbox's size: what a write would move.
    const writes = async () =>
      (
        await service.runtime.database.query<{ version: string; outbox: number }>(
          service.runtime.database.orm,
          sql`
        select (select xmin::text from devices.devices where id = ${device.device_id}) as version, (select count(*)::int from devices.outbox) as outbox`,
        )
      )[0];
    const before = await writes();
    for (let i = 0; i < 20; i++) {
      clock.advance(10_000);
      expect((await heartbeat(device.credential, { metrics: { cpu: 12 + i } })).status).toBe(204);
    }
    expect(await writes()).toEqual(before);
    await service.presence.runOnce();
    expect((await owner.get(`/api/v1/devices/${device.device_id}`)).body.last_seen_at).toBe(clock.now().toISOString());

    clock.advance(60_000);
    expect(await service.presence.runOnce()).toBe(0);
    clock.advance(31_000);
    expect(await service.presence.runOnce()).toBe(1);
    const events = await eventsOf(device.device_id, 3);
    expect(events[2]).toMatchObject({ type: 'device.offline', data: { status: 'offline', previous_status: 'online' } });
    expect(await service.presence.runOnce()).toBe(0);

    expect((await heartbeat(device.credential)).status).toBe(204);
    expect((await eventsOf(device.device_id, 4))[3]).toMatchObject({ type: 'device.online', data: { previous_status: 'offline' } });
    expect((await heartbeat(device.credential, { status: 'offline' })).status).toBe(204);
    expect((await eventsOf(device.device_id, 5))[4]).toMatchObject({ type: 'device.offline', data: { previous_status: 'online' } });
  });

  it('raises an alert once when a metric breaks a rule, and resolves it when the metric recovers', async () => {
    const rule = await owner.post('/api/v1/devices/alert-rules', {
      org_id: 'org_dev',
      name: 'Overheating',
      metric: 'temperature',
      operator: 'gt',
      threshold: 80,
      severity: 'critical',
    });
    expect(rule.status).toBe(201);
    expect(
      (await member.post('/api/v1/devices/alert-rules', { org_id: 'org_dev', name: 'X', metric: 'cpu', operator: 'gt', threshold: 1 }))
        .status,
    ).toBe(403);
    expect(
      (await owner.post('/api/v1/devices/alert-rules', { org_id: 'org_dev', name: 'X', metric: 'Temp!', operator: 'gt', threshold: 1 }))
        .body.message,
    ).toMatch(/metric/);
    expect(
      (await owner.post('/api/v1/devices/alert-rules', { org_id: 'org_dev', name: 'X', metric: 'cpu', operator: 'above', threshold: 1 }))
        .body.message,
    ).toMatch(/operator/);

    const device = await register('hw-020');
    await heartbeat(device.credential, { metrics: { temperature: 70 } });
    await heartbeat(device.credential, { metrics: { temperature: 86.5 } });
    await heartbeat(device.credential, { metrics: { temperature: 90 } });
    clock.advance(600_000);
    await heartbeat(device.credential, { metrics: { temperature: 71.2 } });
    const events = await eventsOf(device.device_id, 5);
    expect(events.map((e) => e.type)).toEqual(['device.registered', 'device.online', 'device.alert', 'alert.triggered', 'alert.resolved']);
    expect(events[2]!.data).toMatchObject({
      rule_id: rule.body.rule_id,
      metric: 'temperature',
      value: 86.5,
      threshold: 80,
      severity: 'critical',
      message: 'temperature 86.5 > 80',
    });
    expect(events[3]!.data).toMatchObject({ rule_name: 'Overheating', value: 86.5, severity: 'critical' });
    expect(events[4]!.data).toMatchObject({ alert_id: events[3]!.data.alert_id, value: 71.2, duration_seconds: 600 });
  });
});

describe('organizations', () => {
  it("deletes a deleted organization's devices, each with device.deleted, and their credentials stop working", async () => {
    const other = api(service.url, await tokens.user({ org_closing: 'owner' }));
    const res = await other.post('/api/v1/devices', {
      org_id: 'org_closing',
      device_name: 'Closing-1',
      hardware_id: 'hw-closing',
      firmware_version: '1.0.0',
    });
    const survivor = await register('hw-survivor');
    expect((await heartbeat(res.body.credential)).status).toBe(204);
    const nats = await connectNats({
      servers: stream.env.NATS_URL,
      name: 'device-test',
      logger: createLogger({ name: 'test', level: 'silent' }),
    });
    try {
      await new EventPublisher(nats, { subjectPrefix: stream.env.EVENTS_SUBJECT_PREFIX }).publish(
        createEvent({
          type: 'organization.deleted',
          source: 'org',
          orgId: 'org_closing',
          data: { organization_id: 'org_closing', name: 'Closing', deleted_by: 'boss@example.com', deleted_at: new Date().toISOString() },
        }),
      );
    } finally {
      await nats.close();
    }
    const deleted = (await eventsOf(res.body.device_id, 3))[2];
    expect(deleted).toMatchObject({
      type: 'device.deleted',
      org_id: 'org_closing',
      data: { device_id: res.body.device_id, deleted_by: 'boss@example.com' },
    });
    expect((await other.get(`/api/v1/devices/${res.body.device_id}`)).status).toBe(404);
    expect((await heartbeat(res.body.credential)).status).toBe(401);
    expect((await owner.get(`/api/v1/devices/${survivor.device_id}`)).status).toBe(200);
  });
});
