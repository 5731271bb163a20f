import { describe, expect, it } from 'vitest';
import { portalClaims } from './portal-claims.js';

/** A JWT's shape, base64url as JWTs encode (the signature is not the console's business). */
const token = (payload: unknown) =>
  `e30.${btoa(JSON.stringify(payload)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}.signature`;

describe('portalClaims', () => {
  it('reads the organization and expiry of a portal token', () => {
    expect(portalClaims(token({ scope: 'portal', orgs: { org_a: 'admin' }, exp: 1_800_000_000 }))).toEqual({
      orgId: 'org_a',
      expiresAt: 1_800_000_000,
    });
  });

  it('reads base64url payloads whose standard base64 would hold + and /', () => {
    const orgId = 'org_>>>???';
    expect(token({ scope: 'portal', orgs: { [orgId]: 'admin' }, exp: 1 })).toMatch(/[-_]/);
    expect(portalClaims(token({ scope: 'portal', orgs: { [orgId]: 'admin' }, exp: 1 }))?.orgId).toBe(orgId);
  });

  it.each([
    ["a signed-in person's token", { orgs: {}, exp: 1 }],
    ['a portal token of two organizations', { scope: 'portal', orgs: { a: 'admin', b: 'admin' }, exp: 1 }],
    ['a portal token without an expiry', { scope: 'portal', orgs: { a: 'admin' } }],
  ])('refuses %s', (_, payload) => {
    expect(portalClaims(token(payload))).toBeNull();
  });

  it('refuses what is not a token', () => {
    expect(portalClaims('not-a-token')).toBeNull();
    expect(portalClaims('a.%%%.c')).toBeNull();
  });
});
