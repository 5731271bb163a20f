import { useReceivers, waitFor } from '@ops/testing';
import { describe, expect, it } from 'vitest';
import { usePlatformFixture } from './platform.fixture.js';

/**
 * People are user ids, never emails (issue 8, defects 1 and 2), through the real services: an address that
 * changes hands does not carry a subscription with it, and a person who leaves an organization takes their
 * billing events with them.
 */
const suite = usePlatformFixture();
const receiver = useReceivers();

/** The user's own subscription, once their trial is open. */
async function subscriptionOf(user: { client: ReturnType<typeof suite.f.gateway>; userId: string }) {
  return waitFor('the subscription', async () => {
    const res = await user.client.get('/api/v1/subscriptions/me');
    return res.status === 200 && res.body.user_id === user.userId ? res.body : null;
  });
}

describe('identity by user id', () => {
  it('gives an address registered again after its user was deleted a subscription of its own', async () => {
    const admin = suite.f.gateway(suite.f.adminToken);
    const first = await suite.f.signUp('reused@example.com');
    const old = await subscriptionOf(first);
    expect(
      (
        await admin.patch('/api/v1/admin/subscriptions/reused@example.com', {
          tier: 'professional',
          status: 'active',
          notes: 'private note',
        })
      ).status,
    ).toBe(200);
    expect((await first.client.delete('/auth/me')).status).toBe(204);
    await waitFor(
      'the old subscription to close',
      async () => (await admin.get('/api/v1/admin/subscriptions/reused@example.com')).status === 404,
    );

    const second = await suite.f.signUp('reused@example.com');
    const fresh = await subscriptionOf(second);
    expect(fresh).toMatchObject({ user_id: second.userId, tier: 'trial', status: 'trialing', notes: null });
    expect(fresh.subscription_id).not.toBe(old.subscription_id);
    const cancelled = await second.client.post('/api/v1/subscriptions/me/cancel', { reason: 'just looking' });
    expect(cancelled.body).toMatchObject({ subscription_id: fresh.subscription_id, status: 'cancelled' });
  });

  it("keeps a renamed user's subscription theirs and lets the old address start afresh", async () => {
    const admin = suite.f.gateway(suite.f.adminToken);
    const renamed = await suite.f.signUp('before@example.com');
    const theirs = await subscriptionOf(renamed);
    expect((await admin.patch('/api/v1/admin/subscriptions/before@example.com', { tier: 'starter', notes: 'renamed later' })).status).toBe(
      200,
    );
    expect((await admin.patch(`/api/v1/admin/users/${renamed.userId}`, { email: 'after@example.com' })).status).toBe(200);
    // The change ended their sessions: they sign in again under the new address.
    const again = await suite.f.signIn('after@example.com');
    expect(await subscriptionOf(again)).toMatchObject({ subscription_id: theirs.subscription_id, tier: 'starter', notes: 'renamed later' });
    await waitFor(
      'the subscription to show the new address',
      async () => (await admin.get('/api/v1/admin/subscriptions/after@example.com')).body.user_id === renamed.userId,
    );

    const newcomer = await suite.f.signUp('before@example.com');
    expect(await subscriptionOf(newcomer)).toMatchObject({ tier: 'trial', notes: null });
    expect((await admin.get('/api/v1/admin/subscriptions/before@example.com')).body.user_id).toBe(newcomer.userId);
  });

  it("stops delivering a creator's billing events to the organization they left", async () => {
    const admin = suite.f.gateway(suite.f.adminToken);
    const everything = await receiver();
    expect((await admin.post('/api/v1/webhooks', { url: everything.url, events: ['subscription.cancelled'] })).status).toBe(201);
    const creator = await suite.f.signUp('creator@example.com');
    const heir = await suite.f.signUp('heir@example.com');
    const orgId = (await creator.client.post('/api/v1/org', { name: 'Handed Over', plan_tier: 'starter' })).body.organization_id as string;
    const orgHooks = await receiver();
    expect((await creator.client.post('/api/v1/webhooks', { url: orgHooks.url, events: ['*'], org_id: orgId })).status).toBe(201);
    await waitFor(
      "the creator's subscription to pay for it",
      async () => (await creator.client.get('/api/v1/subscriptions/me')).body.org_id === orgId,
    );

    expect((await creator.client.post(`/api/v1/org/${orgId}/members`, { email: heir.email, role: 'member' })).status).toBe(201);
    expect((await creator.client.patch(`/api/v1/org/${orgId}/members/${heir.userId}`, { role: 'owner' })).status).toBe(200);
    expect((await creator.client.delete(`/api/v1/org/${orgId}/members/${creator.userId}`)).status).toBe(204);
    await waitFor(
      'the organization to have no payer',
      async () => (await creator.client.get('/api/v1/subscriptions/me')).body.org_id === null,
    );
    expect((await creator.client.post('/api/v1/subscriptions/me/cancel', { reason: 'private reason' })).status).toBe(200);

    // The cancellation is delivered (to the platform endpoint); then an event of the organization's own, after it.
    await waitFor('the cancellation at the platform endpoint', async () => everything.requests.some((r) => r.body.includes(creator.email)));
    expect((await heir.client.patch(`/api/v1/org/${orgId}`, { name: 'Heir Corp' })).status).toBe(200);
    await waitFor("the rename at the organization's endpoint", async () => orgHooks.requests.some((r) => r.body.includes('Heir Corp')));
    const orgEvents = orgHooks.requests.map((r) => JSON.parse(r.body) as { event: string; data: Record<string, unknown> });
    expect(orgEvents.map((e) => e.event)).toContain('organization.member_removed');
    expect(orgEvents.filter((e) => e.event.startsWith('subscription.'))).toEqual([]);
    expect(orgHooks.requests.some((r) => r.body.includes('private reason'))).toBe(false);
  });
});
