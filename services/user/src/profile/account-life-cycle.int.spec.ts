import { api, readStream, waitFor, type StoredEvent } from '@ops/testing';
import { describe, expect, it } from 'vitest';
import { useUserFixture } from '../../test/user.fixture.js';

const suite = useUserFixture({ LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS: '3', LOGIN_MAX_FAILURES_PER_ADDRESS: '6' });

/** The user events about one user, once `count` of them are on the stream (in order). */
async function eventsOf(userId: string, count: number): Promise<StoredEvent[]> {
  return waitFor(`${count} events of ${userId}`, async () => {
    const mine = (await readStream(suite.f.stream)).filter((e) => e.data.user_id === userId);
    return mine.length >= count ? mine : null;
  });
}

describe('the account life cycle', () => {
  it('signs out: the token stops working, and user.logout is published', async () => {
    const { userId, client } = await suite.f.signUp('leaver@example.com');
    expect((await client.get('/auth/me')).status).toBe(200);
    expect((await client.post('/auth/logout')).status).toBe(204);
    const after = await client.get('/auth/me');
    expect(after.status).toBe(401);
    expect(after.body.message).toMatch(/revoked/);
    const events = await eventsOf(userId, 3);
    expect(events.map((e) => e.type)).toEqual(['user.created', 'user.login', 'user.logout']);
    expect(events[2]!.data).toMatchObject({ user_id: userId, email: 'leaver@example.com' });
    // Signing in again gives a token that works.
    const again = await suite.f.anonymous.post('/auth/login/password', { email: 'leaver@example.com', password: 'SecurePass123!' });
    expect((await api(suite.f.service.url, again.body.access_token).get('/auth/me')).status).toBe(200);
  });

  it('updates the profile with the changed fields, and writes nothing when nothing changes', async () => {
    const { userId, client } = await suite.f.signUp('profile@example.com');
    const res = await client.patch('/auth/me', { name: 'Jane Doe', avatar_url: 'https://cdn.example.com/jane.png' });
    expect(res).toMatchObject({ status: 200, body: { name: 'Jane Doe', avatar_url: 'https://cdn.example.com/jane.png' } });
    expect((await client.patch('/auth/me', { name: 'Jane Doe' })).status).toBe(200);
    const events = await eventsOf(userId, 3);
    expect(events[2]).toMatchObject({
      type: 'user.profile_updated',
      data: { name: 'Jane Doe', avatar_url: 'https://cdn.example.com/jane.png', changes: ['name', 'avatar_url'] },
    });
    await suite.f.service.runtime.relay!.flush();
    expect((await readStream(suite.f.stream)).filter((e) => e.data.user_id === userId)).toHaveLength(3);
    expect((await client.patch('/auth/me', { avatar_url: 'http://insecure.example.com/a.png' })).body.message).toMatch(/avatar_url/);
    expect((await client.patch('/auth/me', {})).status).toBe(400);
    expect((await client.patch('/auth/me', { email: 'new@example.com' })).body.message).toMatch(/email/);
  });

  it('changes the password only with the current one, ending every other session', async () => {
    const { userId, client } = await suite.f.signUp('rotator@example.com', 'FirstPass123!');
    expect((await client.post('/auth/password', { current_password: 'wrong-guess', new_password: 'SecondPass123!' })).status).toBe(403);
    expect((await client.post('/auth/password', { current_password: 'FirstPass123!', new_password: 'short' })).body.message).toMatch(
      /new_password: at least 8/,
    );
    const changed = await client.post('/auth/password', { current_password: 'FirstPass123!', new_password: 'SecondPass123!' });
    expect(changed.status).toBe(200);
    expect((await client.get('/auth/me')).status).toBe(401);
    expect((await api(suite.f.service.url, changed.body.access_token).get('/auth/me')).status).toBe(200);
    expect((await suite.f.anonymous.post('/auth/login/password', { email: 'rotator@example.com', password: 'FirstPass123!' })).status).toBe(
      401,
    );
    expect(
      (await suite.f.anonymous.post('/auth/login/password', { email: 'rotator@example.com', password: 'SecondPass123!' })).status,
    ).toBe(200);
    const events = await eventsOf(userId, 3);
    expect(events[2]).toMatchObject({ type: 'user.password_changed', data: { user_id: userId, email: 'rotator@example.com' } });
  });

  it('verifies the email with the token sent at registration, once', async () => {
    const { userId, client } = await suite.f.signUp('verify@example.com');
    expect((await client.get('/auth/me')).body.email_verified).toBe(false);
    const token = suite.f.mailbox.tokenFor('verify@example.com');
    expect((await suite.f.anonymous.post('/auth/verify-email', { token: 'x'.repeat(43) })).status).toBe(400);
    const verified = await suite.f.anonymous.post('/auth/verify-email', { token });
    expect(verified).toMatchObject({ status: 200, body: { email: 'verify@example.com', email_verified: true } });
    const used = await suite.f.anonymous.post('/auth/verify-email', { token });
    expect(used.status).toBe(400);
    expect(used.body.message).toMatch(/token: unknown, used or expired/);
    expect((await client.post('/auth/verify-email/resend')).status).toBe(409);
    const events = await eventsOf(userId, 3);
    expect(events[2]).toMatchObject({ type: 'user.email_verified', data: { user_id: userId, email: 'verify@example.com' } });
  });

  it("lets an administrator change role, email and status, ending the user's sessions, with user.updated", async () => {
    const { userId, client } = await suite.f.signUp('managed@example.com');
    const admin = await suite.f.admin();
    expect((await client.patch(`/api/v1/admin/users/${userId}`, { role: 'admin' })).status).toBe(403);
    const updated = await admin.patch(`/api/v1/admin/users/${userId}`, { role: 'admin', email: 'Managed2@Example.com' });
    expect(updated).toMatchObject({ status: 200, body: { role: 'admin', email: 'managed2@example.com', email_verified: false } });
    expect((await client.get('/auth/me')).status).toBe(401);
    expect(suite.f.mailbox.tokenFor('managed2@example.com')).toBeTruthy();
    const events = await eventsOf(userId, 3);
    expect(events[2]).toMatchObject({
      type: 'user.updated',
      data: {
        user_id: userId,
        email: 'managed2@example.com',
        role: 'admin',
        status: 'active',
        changes: ['role', 'email'],
        updated_by: 'root@example.com',
      },
    });
    expect((await admin.patch(`/api/v1/admin/users/${userId}`, { email: 'root@example.com' })).status).toBe(409);
    expect((await admin.patch(`/api/v1/admin/users/${userId}`, { status: 'frozen' })).status).toBe(400);
    expect((await admin.patch('/api/v1/admin/users/usr_nope', { status: 'suspended' })).status).toBe(404);
    await admin.patch(`/api/v1/admin/users/${userId}`, { status: 'suspended' });
    // The right password gets the wrong password's answer: a suspended account confirms no guess.
    const suspended = await suite.f.anonymous.post('/auth/login/password', { email: 'managed2@example.com', password: 'SecurePass123!' });
    const wrong = await suite.f.anonymous.post('/auth/login/password', { email: 'managed2@example.com', password: 'not-the-password' });
    expect({ status: suspended.status, code: suspended.body.code, message: suspended.body.message }).toEqual({
      status: wrong.status,
      code: wrong.body.code,
      message: wrong.body.message,
    });
    expect((await admin.get('/api/v1/admin/users?limit=100')).body.data.map((u: { email: string }) => u.email)).toContain(
      'managed2@example.com',
    );
  });

  it('deletes an account, by its owner or an administrator, with user.deleted', async () => {
    const self = await suite.f.signUp('self-delete@example.com');
    expect((await self.client.delete('/auth/me')).status).toBe(204);
    expect((await self.client.get('/auth/me')).status).toBe(401);
    const byAdmin = await suite.f.signUp('admin-delete@example.com');
    const admin = await suite.f.admin();
    expect((await admin.delete(`/api/v1/admin/users/${byAdmin.userId}`)).status).toBe(204);
    expect((await admin.get(`/api/v1/admin/users/${byAdmin.userId}`)).status).toBe(404);
    const [selfEvents, adminEvents] = [await eventsOf(self.userId, 3), await eventsOf(byAdmin.userId, 3)];
    expect(selfEvents[2]).toMatchObject({
      type: 'user.deleted',
      data: { email: 'self-delete@example.com', deleted_by: 'self-delete@example.com' },
    });
    expect(adminEvents[2]).toMatchObject({
      type: 'user.deleted',
      data: { email: 'admin-delete@example.com', deleted_by: 'root@example.com' },
    });
    // The address is free again.
    expect(
      (await suite.f.anonymous.post('/auth/register', { email: 'self-delete@example.com', password: 'SecurePass123!', name: 'Again' }))
        .status,
    ).toBe(201);
  });
});

describe('sign-in limits', () => {
  it('answers 429 with Retry-After after too many failures for one account from one address, even with the right password', async () => {
    await suite.f.signUp('guessed@example.com');
    for (let i = 0; i < 3; i++)
      expect((await suite.f.anonymous.post('/auth/login/password', { email: 'guessed@example.com', password: `guess-${i}` })).status).toBe(
        401,
      );
    const limited = await fetch(`${suite.f.service.url}/auth/login/password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'guessed@example.com', password: 'SecurePass123!' }),
    });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ code: 'OPS_ERR_RATE_LIMITED' });
  });

  it("does not let failures from one address lock the account's owner out from another", async () => {
    await suite.f.signUp('targeted@example.com');
    const attempt = (password: string, address: string) =>
      fetch(`${suite.f.service.url}/auth/login/password`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
        body: JSON.stringify({ email: 'targeted@example.com', password }),
      });
    for (let i = 0; i < 3; i++) expect((await attempt(`guess-${i}`, '198.51.100.66')).status).toBe(401);
    expect((await attempt('SecurePass123!', '198.51.100.66')).status).toBe(429);
    expect((await attempt('SecurePass123!', '198.51.100.1')).status).toBe(200);
  });

  it("limits one address across accounts, taking the address from the gateway's X-Forwarded-For", async () => {
    const attempt = (email: string, address: string) =>
      fetch(`${suite.f.service.url}/auth/login/password`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
        body: JSON.stringify({ email, password: 'wrong-password' }),
      });
    for (let i = 0; i < 6; i++) expect((await attempt(`sprayed${i}@example.com`, '203.0.113.7')).status).toBe(401);
    expect((await attempt('sprayed-next@example.com', '203.0.113.7')).status).toBe(429);
    expect((await attempt('sprayed-next@example.com', '203.0.113.8')).status).toBe(401);
  });
});
