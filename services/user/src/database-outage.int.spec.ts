import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, createTestDatabase, Mailbox, testStream, type TestDatabase, type TestStream } from '@ops/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUserService, type UserService } from './user-service.js';

/**
 * The service reaches PostgreSQL through a TCP relay this test can cut, as a network failure or a database
 * restart would: open connections are dropped, new ones refused.
 */
class DatabaseLink {
  private readonly sockets = new Set<Socket>();
  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async open(target: URL): Promise<DatabaseLink> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const link = new DatabaseLink(server, (server.address() as { port: number }).port);
    server.on('connection', (client) => {
      const upstream = connect(Number(target.port || 5432), target.hostname);
      for (const s of [client, upstream]) {
        link.sockets.add(s);
        s.on('close', () => link.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    return link;
  }

  async cut(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

let db: TestDatabase;
let stream: TestStream;
let link: DatabaseLink;
let service: UserService;

beforeAll(async () => {
  db = await createTestDatabase();
  stream = testStream();
  link = await DatabaseLink.open(new URL(db.url));
  const url = new URL(db.url);
  url.host = `127.0.0.1:${link.port}`;
  service = await startUserService(
    {
      ...stream.env,
      DATABASE_URL: url.toString(),
      USER_PORT: '0',
      LOG_LEVEL: 'silent',
      JWT_KEY_FILE: join(tmpdir(), `ops-jwt-${Date.now()}-${Math.random()}.pem`),
    },
    { mailer: new Mailbox() },
  );
});
afterAll(async () => {
  await service?.close().catch(() => undefined);
  await stream?.delete();
  await db?.drop();
});

describe('a service whose database is unreachable', () => {
  it('answers 503 OPS_ERR_UNAVAILABLE with Retry-After, not a 500', async () => {
    const client = api(service.url);
    const user = { email: 'outage@example.com', password: 'outage-Password-1' };
    expect((await client.post('/auth/register', { ...user, name: 'Outage' })).status).toBe(201);
    await link.cut();
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${service.url}/auth/login/password`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(user),
      });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(await res.json()).toMatchObject({ code: 'OPS_ERR_UNAVAILABLE', message: expect.any(String), request_id: expect.any(String) });
    }
  });
});
