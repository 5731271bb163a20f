import { createLogger } from '@ops/logger';
import { NatsServer } from '@ops/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectNats } from './connection.js';

const logger = createLogger({ name: 'test', level: 'silent' });
let server: NatsServer;

beforeAll(async () => {
  server = await NatsServer.start({ config: 'authorization { users: [ { user: "svc", password: "right" } ] }\n' });
});
afterAll(async () => {
  await server?.close();
});

describe('connectNats with credentials', () => {
  it('connects as the user it is given', async () => {
    const nc = await connectNats({ servers: server.url, name: 'svc', logger, credentials: { user: 'svc', password: 'right' } });
    expect(nc.isClosed()).toBe(false);
    await nc.close();
  });

  it('stops at once when the broker refuses them, naming the user, instead of retrying for ever', async () => {
    await expect(
      connectNats({ servers: server.url, name: 'svc', logger, credentials: { user: 'svc', password: 'wrong' } }),
    ).rejects.toThrow(`NATS at ${server.url} refused user svc (check NATS_USER and NATS_PASSWORD)`);
    await expect(connectNats({ servers: server.url, name: 'svc', logger })).rejects.toThrow(/refused a connection without credentials/);
  });
});
