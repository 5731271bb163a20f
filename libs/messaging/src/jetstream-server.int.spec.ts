import { jetstreamManager } from '@nats-io/jetstream';
import { createEvent, type EventEnvelope } from '@ops/events';
import { createLogger } from '@ops/logger';
import { testStream, waitFor, type TestStream } from '@ops/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectNats, type NatsConnection } from './connection.js';
import { JetStreamServer } from './jetstream-server.js';
import { EventPublisher } from './publisher.js';
import { ensureEventsStream } from './stream.js';

const logger = createLogger({ name: 'test', level: 'silent' });
let stream: TestStream;
let nc: NatsConnection;
let publisher: EventPublisher;

beforeAll(async () => {
  stream = testStream();
  nc = await connectNats({ servers: stream.env.NATS_URL, name: 'transport-test', logger });
  await ensureEventsStream(nc, stream.options);
  publisher = new EventPublisher(nc, { subjectPrefix: stream.env.EVENTS_SUBJECT_PREFIX });
});
afterAll(async () => {
  await nc?.close();
  await stream?.delete();
});

function server(durable: string, ackWaitMs?: number) {
  return new JetStreamServer({
    connection: nc,
    logger,
    stream: stream.env.EVENTS_STREAM,
    subjectPrefix: stream.env.EVENTS_SUBJECT_PREFIX,
    durable,
    nakDelayMs: 50,
    ackWaitMs,
  });
}

const login = (n: number) =>
  createEvent({
    type: 'user.login',
    source: 'user',
    orgId: null,
    data: { user_id: `usr_${n}`, email: `u${n}@example.com`, login_at: new Date().toISOString() },
  });

describe('JetStreamServer', () => {
  it('routes by event-type pattern, wildcards included, and acks after the handler', async () => {
    const seen: Record<string, string[]> = { exact: [], family: [], all: [] };
    const s = server('routing');
    s.addHandler('user.login', async (e: EventEnvelope) => void seen.exact!.push(e.id), true);
    s.addHandler('device.*', async (e: EventEnvelope) => void seen.family!.push(e.type), true);
    s.addHandler('>', async (e: EventEnvelope) => void seen.all!.push(e.type), true);
    await new Promise<void>((resolve) => s.listen(() => resolve()));
    const a = login(1);
    const b = createEvent({
      type: 'device.offline',
      source: 'device',
      orgId: 'org_1',
      data: { device_id: 'd', device_name: 'D', status: 'offline', previous_status: 'online', timestamp: new Date().toISOString() },
    });
    await publisher.publishAll([a, b]);
    await waitFor('both events handled', () => seen.all!.length === 2);
    await s.close();
    expect(seen).toEqual({ exact: [a.id], family: ['device.offline'], all: ['user.login', 'device.offline'] });
  });

  it('redelivers an event whose handler threw, until it succeeds', async () => {
    const calls: number[] = [];
    const s = server('retrying');
    s.addHandler(
      'user.login',
      async () => {
        calls.push(Date.now());
        if (calls.length < 3) throw new Error('database unavailable');
      },
      true,
    );
    await new Promise<void>((resolve) => s.listen(() => resolve()));
    await waitFor('three calls', () => calls.length >= 3);
    await s.close();
    // A fresh consumer on the same durable sees nothing left: the third call's ack stuck.
    const again: string[] = [];
    const s2 = server('retrying');
    s2.addHandler('>', async (e: EventEnvelope) => void again.push(e.id), true);
    await new Promise<void>((resolve) => s2.listen(() => resolve()));
    const marker = login(99);
    await publisher.publish(marker);
    await waitFor('the marker', () => again.includes(marker.id));
    await s2.close();
    // Everything before the marker was acknowledged by the first consumer: the failing event after its third try,
    // the event no handler wanted at once.
    expect(again).toEqual([marker.id]);
  });

  it('re-creates its consumer when the server lost it, and goes on consuming', async () => {
    const seen: string[] = [];
    const s = server('recreated');
    s.addHandler('>', async (e: EventEnvelope) => void seen.push(e.id), true);
    await new Promise<void>((resolve) => s.listen(() => resolve()));
    const before = login(200);
    await publisher.publish(before);
    await waitFor('the first event', () => seen.includes(before.id));
    // What a NATS restart without its JetStream state looks like to a client.
    await (await jetstreamManager(nc)).consumers.delete(stream.env.EVENTS_STREAM, 'recreated');
    const after = login(201);
    await publisher.publish(after);
    await waitFor('the event published after the consumer was lost', () => seen.includes(after.id), { timeoutMs: 20_000 });
    await s.close();
  });

  it('keeps a handler slower than ack_wait from being redelivered, with progress signals', async () => {
    const calls: string[] = [];
    let finish: () => void = () => {};
    const event = login(7);
    const s = server('slow-handler', 600);
    s.addHandler(
      'user.login',
      async (e: EventEnvelope) => {
        // The stream also holds the other tests' events: only this one is slow.
        if (e.id !== event.id) return;
        calls.push(e.id);
        await new Promise<void>((resolve) => (finish = resolve));
      },
      true,
    );
    await new Promise<void>((resolve) => s.listen(() => resolve()));
    await publisher.publish(event);
    await waitFor('the handler to start', () => calls.length === 1);
    // Four ack waits pass while the handler works; the server must not hand the message out again.
    const until = Date.now() + 2400;
    await waitFor('four ack waits to pass', () => Date.now() >= until, { timeoutMs: 5000, intervalMs: 100 });
    finish();
    const jsm = await jetstreamManager(nc);
    await waitFor(
      'the message acked',
      async () => (await jsm.consumers.info(stream.env.EVENTS_STREAM, 'slow-handler')).num_ack_pending === 0,
    );
    await s.close();
    expect(calls).toEqual([event.id]);
  });
});
