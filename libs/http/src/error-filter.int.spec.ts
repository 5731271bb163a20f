import { Controller, Module } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { createEvent } from '@ops/events';
import { createLogger } from '@ops/logger';
import { connectNats, ensureEventsStream, EventPublisher, JETSTREAM, JetStreamServer, type NatsConnection } from '@ops/messaging';
import { testStream, waitFor } from '@ops/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp, type NestFastifyApplication } from './create-http-app.js';

/** A stream consumer in an application with our error filter: its failures go back to the transport. */
const stream = testStream();
const lines: string[] = [];
const logger = createLogger({ name: 'test', level: 'info', destination: { write: (line) => lines.push(line) } });
const calls: string[] = [];

@Controller()
class FlakyConsumer {
  @EventPattern<string>('user.login', JETSTREAM)
  async handle(event: { id: string }) {
    calls.push(event.id);
    if (calls.length === 1) throw new Error('database unavailable');
  }
}

@Module({ controllers: [FlakyConsumer] })
class ConsumerModule {}

let nc: NatsConnection;
let app: NestFastifyApplication;

beforeAll(async () => {
  nc = await connectNats({ servers: stream.env.NATS_URL, name: 'filter-test', logger });
  await ensureEventsStream(nc, stream.options);
  app = await createHttpApp(ConsumerModule, { logger });
  const consumer = new JetStreamServer({
    connection: nc,
    logger,
    stream: stream.env.EVENTS_STREAM,
    subjectPrefix: stream.env.EVENTS_SUBJECT_PREFIX,
    durable: 'filter-test',
    nakDelayMs: 50,
  });
  app.connectMicroservice({ strategy: consumer }, { inheritAppConfig: true });
  await app.startAllMicroservices();
  await app.init();
});
afterAll(async () => {
  await app?.close();
  await nc?.close();
  await stream.delete();
});

describe('the error filter and stream consumers', () => {
  it("hands a consumer's error back to the transport, which redelivers the event, and renders nothing as HTTP", async () => {
    const event = createEvent({
      type: 'user.login',
      source: 'user',
      orgId: null,
      data: { user_id: 'usr_1', email: 'u1@example.com', login_at: new Date().toISOString() },
    });
    await new EventPublisher(nc, { subjectPrefix: stream.env.EVENTS_SUBJECT_PREFIX }).publish(event);
    await waitFor('the event handled again after the failure', () => calls.length === 2);
    expect(calls).toEqual([event.id, event.id]);
    expect(lines.filter((l) => l.includes('is not a function'))).toEqual([]);
  });
});
