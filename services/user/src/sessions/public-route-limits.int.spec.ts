import { describe, expect, it } from 'vitest';
import { useUserFixture } from '../../test/user.fixture.js';

/** Per-address limits on the routes anyone can call; the address comes from the gateway's X-Forwarded-For. */
const suite = useUserFixture({ REGISTER_RATE_LIMIT: '2', LOGIN_RATE_LIMIT: '3', VERIFY_EMAIL_RATE_LIMIT: '2' });

async function post(path: string, body: unknown, address: string) {
  const res = await fetch(`${suite.f.service.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify(body),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as Record<string, unknown> };
}

describe('per-address limits on public routes', () => {
  it.each([
    ['registration', '/auth/register', 2, (i: number) => ({ email: `burst${i}@example.com`, password: 'SecurePass123!', name: 'Burst' })],
    ['sign-in', '/auth/login/password', 3, (i: number) => ({ email: `nobody${i}@example.com`, password: 'wrong-password' })],
    ['email verification', '/auth/verify-email', 2, () => ({ token: 'not-a-token' })],
  ])('answers %s over its limit with 429, Retry-After and the documented body, for that address only', async (route, path, limit, body) => {
    const address = `203.0.113.${limit * 10 + path.length}`;
    for (let i = 0; i < limit; i++) expect((await post(path, body(i), address)).status).not.toBe(429);
    const limited = await post(path, body(limit), address);
    expect(limited.status).toBe(429);
    expect(Number(limited.retryAfter)).toBeGreaterThan(0);
    expect(limited.body).toEqual({
      code: 'OPS_ERR_RATE_LIMITED',
      message: expect.stringMatching(/too many requests/),
      request_id: expect.any(String),
    });
    expect((await post(path, body(limit + 1), `198.51.100.${path.length}`)).status, `${route} from another address`).not.toBe(429);
  });
});
