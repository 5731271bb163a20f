import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { createEvent, eventDefinition, subjectFor, type EventData } from '@ops/events';
import { inboxPrefixFor } from '@ops/messaging';
import { NatsServer } from '@ops/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBrokerAuth, type Credentials } from './generate.js';

/** A nats-server of its own with the generated users: the shared test server runs without authentication. */
const layout = { stream: 'EVENTS', subjectPrefix: 'events' };
let dir: string;
let server: NatsServer;
let credentials: Credentials;
const open: NatsConnection[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ops-broker-auth-'));
  const generated = await generateBrokerAuth(dir, layout);
  credentials = generated.credentials;
  server = await NatsServer.start({ config: await readFile(generated.authFile, 'utf8') });
  const setup = await as('user');
  await (await jetstreamManager(setup)).streams.add({ name: layout.stream, subjects: [`${layout.subjectPrefix}.>`] });
});
afterAll(async () => {
  for (const nc of open) await nc.close();
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

async function as(user: string): Promise<NatsConnection> {
  const nc = await connect({ servers: server.url, user, pass: credentials[user]!.password, inboxPrefix: inboxPrefixFor(user) });
  open.push(nc);
  return nc;
}

const login = createEvent({
  type: 'user.login',
  source: 'user',
  orgId: null,
  data: { user_id: 'usr_1', email: 'a@example.com', login_at: '2026-12-02T20:00:00.000Z' },
});
const online = createEvent({
  type: 'device.online',
  source: 'device',
  orgId: 'org_1',
  data: { device_id: 'dev_1', device_name: 'D', status: 'online', previous_status: 'offline', timestamp: '2026-12-02T20:00:00.000Z' },
});
const publish = (nc: NatsConnection, type: string, event: object) =>
  jetstream(nc).publish(subjectFor(type, layout.subjectPrefix), JSON.stringify(event), { timeout: 2000 });

describe("the broker's users", () => {
  it('refuses a connection without credentials, or with a wrong password', async () => {
    await expect(connect({ servers: server.url, reconnect: false })).rejects.toThrow(/Authorization/i);
    await expect(connect({ servers: server.url, user: 'user', pass: 'guessed', reconnect: false })).rejects.toThrow(/Authorization/i);
  });

  it('lets the user service publish its own types, and refuses it device.online', async () => {
    const nc = await as('user');
    expect((await publish(nc, 'user.login', login)).seq).toBeGreaterThan(0);
    await expect(publish(nc, 'device.online', online)).rejects.toThrow(/Permissions Violation for Publish to "events\.device\.online"/);
  });

  it('lets the device service publish device.online and monitoring events, nothing of users', async () => {
    const nc = await as('device');
    expect((await publish(nc, 'device.online', online)).seq).toBeGreaterThan(0);
    await expect(publish(nc, 'user.login', login)).rejects.toThrow(/Permissions Violation/);
  });

  it("lets no user subscribe to another user's inbox, where JetStream hands a consumer its messages", async () => {
    const nc = await as('billing-job');
    // The library's default inbox, which every user shared before, and the webhook service's own.
    for (const subject of ['_INBOX.>', `${inboxPrefixFor('webhook')}.>`]) {
      const sub = nc.subscribe(subject);
      await nc.flush();
      // The server refuses the subscription and closes it with the reason.
      expect(String(await sub.closed)).toMatch(/Permissions Violation for Subscription/);
    }
  });

  it("lets a consumer consume and ack, and not publish anyone else's events", async () => {
    const nc = await as('webhook');
    await expect(publish(nc, 'user.login', login)).rejects.toThrow(/Permissions Violation for Publish to "events\.user\.login"/);
    const jsm = await jetstreamManager(nc);
    await jsm.consumers.add(layout.stream, { durable_name: 'auth-test', ack_policy: 'explicit' as never, filter_subject: 'events.>' });
    const consumer = await jetstream(nc).consumers.get(layout.stream, 'auth-test');
    const message = await consumer.next({ expires: 2000 });
    expect(message?.subject).toBe('events.user.login');
    expect(await message!.ackAck()).toBe(true);
  });

  it('gives an outside publisher its catalog types only, and nothing to read', async () => {
    const nc = await as('billing-job');
    const invoice = createEvent({
      type: 'invoice.created',
      source: 'billing-job',
      orgId: 'org_1',
      data: eventDefinition('invoice.created').example as EventData<'invoice.created'>,
    });
    expect((await publish(nc, 'invoice.created', invoice)).seq).toBeGreaterThan(0);
    await expect(publish(nc, 'subscription.created', invoice)).rejects.toThrow(/Permissions Violation/);
    await expect((await jetstreamManager(nc, { checkAPI: false })).streams.info(layout.stream)).rejects.toThrow(
      /Permissions Violation|timeout/i,
    );
  });

  it('lets operators inspect the stream and read messages, and publish no event', async () => {
    const nc = await as('ops');
    const jsm = await jetstreamManager(nc);
    expect((await jsm.streams.info(layout.stream)).state.messages).toBeGreaterThanOrEqual(2);
    expect((await jsm.streams.getMessage(layout.stream, { seq: 1 }))?.subject).toBe('events.user.login');
    await expect(publish(nc, 'user.login', login)).rejects.toThrow(/Permissions Violation/);
    await expect(jsm.streams.purge(layout.stream)).rejects.toThrow(/Permissions Violation|timeout/i);
  });

  it('keeps the generated files to their owner, and the passwords across runs', async () => {
    expect((await stat(join(dir, 'credentials.json'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'auth.conf'))).mode & 0o777).toBe(0o600);
    const again = await generateBrokerAuth(dir, layout);
    expect(again.credentials).toEqual(credentials);
  });
});
