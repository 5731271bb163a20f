import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, Mailbox, readStream, testStream, waitFor, type TestDatabase, type TestStream } from '@ops/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUserService, type UserService } from '../user-service.js';

let db: TestDatabase;
let stream: TestStream;
let service: UserService;
const mailbox = new Mailbox();

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(service.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

beforeAll(async () => {
  db = await createTestDatabase();
  stream = testStream();
  service = await startUserService(
    {
      ...stream.env,
      DATABASE_URL: db.url,
      USER_PORT: '0',
      LOG_LEVEL: 'silent',
      JWT_KEY_FILE: join(tmpdir(), `ops-jwt-${Date.now()}-${Math.random()}.pem`),
      ADMIN_EMAIL: 'root@example.com',
      ADMIN_PASSWORD: 'admin-password',
      // Limits per address are tested in sessions/public-route-limits.int.spec.ts; every request here comes from loopback.
      REGISTER_RATE_LIMIT: '1000',
      LOGIN_RATE_LIMIT: '1000',
    },
    { mailer: mailbox },
  );
});

afterAll(async () => {
  await service?.close();
  await stream?.delete();
  await db?.drop();
});

describe('accounts API', () => {
  it('registers a user and publishes exactly one user.created with the documented fields', async () => {
    const res = await post('/auth/register', { email: 'Test@Example.com', password: 'SecurePass123!', name: 'Test User' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ email: 'test@example.com', name: 'Test User', subscription_tier: 'trial', role: 'user' });
    expect(res.body).not.toHaveProperty('password_hash');
    const events = await waitFor('user.created on the stream', async () => {
      const all = await readStream(stream);
      return all.filter((e) => e.type === 'user.created' && e.data.email === 'test@example.com').length === 1 ? all : null;
    });
    const created = events.find((e) => e.type === 'user.created' && e.data.email === 'test@example.com')!;
    expect(created).toMatchObject({
      source: 'user',
      org_id: null,
      data: { user_id: res.body.user_id, name: 'Test User', subscription_tier: 'trial' },
    });
    expect(created.id).toMatch(/^evt_/);
  });

  it('answers a second registration of an email as the first (no oracle), writing no event and telling the owner by email', async () => {
    const before = (await readStream(stream)).length;
    const res = await post('/auth/register', { email: 'test@EXAMPLE.com', password: 'AnotherPass123!', name: 'Again' });
    const fresh = await post('/auth/register', { email: 'fresh@example.com', password: 'AnotherPass123!', name: 'Again' });
    expect(res.status).toBe(fresh.status);
    expect(Object.keys(res.body).sort()).toEqual(Object.keys(fresh.body).sort());
    expect(res.body).toMatchObject({ email: 'test@example.com', name: 'Again', email_verified: false, last_login_at: null });
    await service.runtime.relay!.flush();
    const events = (await readStream(stream)).slice(before);
    expect(events.filter((e) => e.type === 'user.created').map((e) => e.data.email)).toEqual(['fresh@example.com']);
    expect(mailbox.sent.find((m) => m.to === 'test@example.com' && /already has one/.test(m.text))).toBeTruthy();
    // The account is untouched: its own password still signs in, the second one does not.
    expect((await post('/auth/login/password', { email: 'test@example.com', password: 'SecurePass123!' })).status).toBe(200);
    expect((await post('/auth/login/password', { email: 'test@example.com', password: 'AnotherPass123!' })).status).toBe(401);
  });

  it.each([
    ['a missing field', { email: 'x@example.com', password: 'longenough' }, /name/],
    ['a mistyped field', { email: 'x@example.com', password: 12345678, name: 'X' }, /password/],
    ['a bad email', { email: 'not-an-email', password: 'longenough', name: 'X' }, /email/],
    ['a short password', { email: 'x@example.com', password: 'short', name: 'X' }, /password: at least 8/],
    ['an unknown field', { email: 'x@example.com', password: 'longenough', name: 'X', role: 'admin' }, /role/],
  ])('answers 400 naming the field for %s', async (_case, body, message) => {
    const res = await post('/auth/register', body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('OPS_ERR_VALIDATION');
    expect(res.body.message).toMatch(message);
  });

  it('answers 400 to invalid JSON and 413 to an oversized body', async () => {
    const bad = await post('/auth/register', '{"email": ');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('OPS_ERR_INVALID_JSON');
    const huge = await post('/auth/register', { email: 'x@example.com', password: 'longenough', name: 'x'.repeat(300_000) });
    expect(huge.status).toBe(413);
  });

  it('logs in with a password, returns a token that /auth/me accepts, and publishes user.login', async () => {
    const login = await post('/auth/login/password', { email: 'test@example.com', password: 'SecurePass123!' });
    expect(login.status).toBe(200);
    expect(login.body.access_token).toEqual(expect.any(String));
    const me = await fetch(`${service.url}/auth/me`, { headers: { authorization: `Bearer ${login.body.access_token}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ email: 'test@example.com', user_id: login.body.user.user_id });
    await waitFor('user.login on the stream', async () =>
      (await readStream(stream)).find((e) => e.type === 'user.login' && e.data.user_id === login.body.user.user_id),
    );
  });

  it('refuses a wrong password, an unknown email and a missing or forged token with 401', async () => {
    expect((await post('/auth/login/password', { email: 'test@example.com', password: 'wrong-password' })).status).toBe(401);
    expect((await post('/auth/login/password', { email: 'nobody@example.com', password: 'wrong-password' })).status).toBe(401);
    expect((await fetch(`${service.url}/auth/me`)).status).toBe(401);
    const forged = await fetch(`${service.url}/auth/me`, { headers: { authorization: 'Bearer eyJhbGciOiJub25lIn0.e30.' } });
    expect(forged.status).toBe(401);
  });

  it('creates the platform admin from ADMIN_EMAIL and ADMIN_PASSWORD', async () => {
    const login = await post('/auth/login/password', { email: 'root@example.com', password: 'admin-password' });
    expect(login.status).toBe(200);
    expect(login.body.user.role).toBe('admin');
  });

  it('answers health and readiness without a token', async () => {
    expect(await (await fetch(`${service.url}/health`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${service.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { nats: 'ok', database: 'ok', outbox: 'ok' } });
  });

  it('exports its outbox lag as Prometheus metrics', async () => {
    const text = await (await fetch(`${service.url}/metrics`)).text();
    expect(text).toMatch(/outbox_pending_events\{service="user"\} \d+/);
    expect(text).toMatch(/outbox_oldest_pending_seconds\{service="user"\} [\d.]+/);
  });

  it('serves a JWKS with the token signing key', async () => {
    const jwks = (await (await fetch(`${service.url}/.well-known/jwks.json`)).json()) as { keys: Array<Record<string, string>> };
    expect(jwks.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' });
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });
});
