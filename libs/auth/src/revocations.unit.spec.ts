import { describe, expect, it } from 'vitest';
import { Revocations } from './revocations.js';

const now = Date.parse('2026-12-02T12:00:00Z');

describe('Revocations', () => {
  it('refuses tokens issued at or before a revocation, and only those', () => {
    const r = new Revocations();
    r.noteSubject('usr_a', now - 60_000);
    r.revoke('usr_a', now - 10_000);
    expect(r.isRevoked({ userId: 'usr_a', issuedAtMs: now - 10_000 }, now)).toBe(true);
    expect(r.isRevoked({ userId: 'usr_a', issuedAtMs: now - 9_999 }, now)).toBe(false);
  });

  it('treats a subject with no user event as revoked once the history is read, after the grace', () => {
    const r = new Revocations({ unknownSubjectGraceMs: 30_000 });
    const stranger = { userId: 'usr_nobody', issuedAtMs: now - 31_000 };
    expect(r.isRevoked(stranger, now)).toBe(false);
    r.trackSubjects();
    expect(r.isRevoked(stranger, now)).toBe(true);
    // Its sign-in event may still be in flight: a fresh token is given the grace.
    expect(r.isRevoked({ userId: 'usr_nobody', issuedAtMs: now - 1_000 }, now)).toBe(false);
    r.noteSubject('usr_nobody', now - 31_500);
    expect(r.isRevoked(stranger, now)).toBe(false);
  });

  it('forgets subjects once no token they vouch for can still be valid', () => {
    const r = new Revocations({ unknownSubjectGraceMs: 30_000 });
    r.trackSubjects();
    r.noteSubject('usr_old', now - 4000_000);
    r.prune(now - 3600_000);
    expect(r.isRevoked({ userId: 'usr_old', issuedAtMs: now - 3000_000 }, now)).toBe(true);
  });
});
