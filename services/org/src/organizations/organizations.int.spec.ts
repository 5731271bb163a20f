import { createEvent } from '@ops/events';
import { createLogger } from '@ops/logger';
import { connectNats, EventPublisher, type NatsConnection } from '@ops/messaging';
import {
  api,
  createTestDatabase,
  readStream,
  TestTokens,
  testStream,
  waitFor,
  type StoredEvent,
  type TestDatabase,
  type TestStream,
} from '@ops/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOrgService, type OrgService } from '../org-service.js';

let db: TestDatabase;
let stream: TestStream;
let service: OrgService;
let nats: NatsConnection;
let tokens: TestTokens;
const people = {
  alice: { userId: 'usr_alice', email: 'alice@example.com' },
  bob: { userId: 'usr_bob', email: 'bob@example.com' },
  carol: { userId: 'usr_carol', email: 'carol@example.com' },
};
let as: Record<keyof typeof people | 'admin', ReturnType<typeof api>>;

beforeAll(async () => {
  db = await createTestDatabase();
  stream = testStream();
  tokens = await TestTokens.create();
  service = await startOrgService(
    { ...stream.env, DATABASE_URL: db.url, ORG_PORT: '0', LOG_LEVEL: 'silent', MEMBER_ADD_RATE_LIMIT: '10' },
    { verifier: tokens.verifier },
  );
  nats = await connectNats({ servers: stream.env.NATS_URL, name: 'org-test', logger: createLogger({ name: 'test', level: 'silent' }) });
  // The users register with the user service: the organization service hears of them from the stream.
  const publisher = new EventPublisher(nats, { subjectPrefix: stream.env.EVENTS_SUBJECT_PREFIX });
  for (const p of Object.values(people)) {
    await publisher.publish(
      createEvent({
        type: 'user.created',
        source: 'user',
        orgId: null,
        data: { user_id: p.userId, email: p.email, name: p.userId, subscription_tier: 'trial', created_at: new Date().toISOString() },
      }),
    );
  }
  await waitFor('the users to be known', async () => {
    const rows = await service.runtime.database.query<{ n: number }>(
      service.runtime.database.orm,
      sql`select count(*)::int as n from orgs.known_users`,
    );
    return rows[0]!.n === 3;
  });
  as = {
    alice: api(service.url, await tokens.tokenFor(people.alice)),
    bob: api(service.url, await tokens.tokenFor(people.bob)),
    carol: api(service.url, await tokens.tokenFor(people.carol)),
    admin: api(service.url, await tokens.admin()),
  };
});

afterAll(async () => {
  await service?.close();
  await nats?.close();
  await stream?.delete();
  await db?.drop();
});

/** The organization events about one organization, once `count` of them are on the stream. */
async function eventsOf(orgId: string, count: number): Promise<StoredEvent[]> {
  return waitFor(`${count} events of ${orgId}`, async () => {
    const all = (await readStream(stream)).filter((e) => e.org_id === orgId);
    return all.length >= count ? all : null;
  });
}

describe('organizations', () => {
  it('creates one with its creator as owner, and publishes exactly one organization.created', async () => {
    const res = await as.alice.post('/api/v1/org', { name: 'Test Organization', plan_tier: 'professional' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'Test Organization', plan_tier: 'professional', owner: 'alice@example.com', member_count: 1 });
    const id = res.body.organization_id as string;
    expect(id).toMatch(/^org_/);
    const [created] = await eventsOf(id, 1);
    expect(created).toMatchObject({
      type: 'organization.created',
      source: 'org',
      org_id: id,
      data: {
        organization_id: id,
        name: 'Test Organization',
        plan_tier: 'professional',
        owner: 'alice@example.com',
        owner_id: 'usr_alice',
        member_count: 1,
      },
    });
    expect((await as.alice.get('/api/v1/org/memberships')).body).toEqual({ memberships: { [id]: 'owner' } });
    expect((await as.alice.get('/api/v1/org')).body.data.map((o: { organization_id: string }) => o.organization_id)).toEqual([id]);
  });

  it('updates name and plan for owners and admins, with the changed fields, and writes no event for no change', async () => {
    const id = (await as.alice.post('/api/v1/org', { name: 'Acme', plan_tier: 'starter' })).body.organization_id;
    const updated = await as.alice.patch(`/api/v1/org/${id}`, { plan_tier: 'enterprise' });
    expect(updated).toMatchObject({ status: 200, body: { name: 'Acme', plan_tier: 'enterprise' } });
    expect((await as.alice.patch(`/api/v1/org/${id}`, { plan_tier: 'enterprise', name: 'Acme' })).status).toBe(200);
    const events = await eventsOf(id, 2);
    expect(events.map((e) => e.type)).toEqual(['organization.created', 'organization.updated']);
    expect(events[1]!.data).toMatchObject({
      organization_id: id,
      name: 'Acme',
      plan_tier: 'enterprise',
      changes: ['plan_tier'],
      updated_by: 'alice@example.com',
    });
    // Outsiders see nothing; members may read but not change.
    expect((await as.bob.patch(`/api/v1/org/${id}`, { name: 'Mine' })).status).toBe(404);
    await as.alice.post(`/api/v1/org/${id}/members`, { email: 'bob@example.com', role: 'member' });
    expect((await as.bob.get(`/api/v1/org/${id}`)).status).toBe(200);
    expect((await as.bob.patch(`/api/v1/org/${id}`, { name: 'Mine' })).status).toBe(403);
    expect((await readStream(stream)).filter((e) => e.org_id === id)).toHaveLength(2);
  });

  it('deletes for owners only, with one organization.deleted', async () => {
    const id = (await as.alice.post('/api/v1/org', { name: 'Short-lived', plan_tier: 'trial' })).body.organization_id;
    await as.alice.post(`/api/v1/org/${id}/members`, { email: 'bob@example.com', role: 'admin' });
    expect((await as.bob.delete(`/api/v1/org/${id}`)).status).toBe(403);
    expect((await as.alice.delete(`/api/v1/org/${id}`)).status).toBe(204);
    expect((await as.alice.get(`/api/v1/org/${id}`)).status).toBe(404);
    const events = await eventsOf(id, 2);
    expect(events[1]).toMatchObject({
      type: 'organization.deleted',
      data: { organization_id: id, name: 'Short-lived', deleted_by: 'alice@example.com' },
    });
    expect((await as.alice.delete(`/api/v1/org/${id}`)).status).toBe(404);
  });

  it('validates input, naming the field, and writes nothing for it', async () => {
    const before = (await readStream(stream)).length;
    const cases: Array<[unknown, RegExp]> = [
      [{ name: '', plan_tier: 'trial' }, /name/],
      [{ name: 'X', plan_tier: 'platinum' }, /plan_tier/],
      [{ name: 'X' }, /plan_tier/],
      [{ name: 'X', plan_tier: 'trial', owner: 'me' }, /owner/],
    ];
    for (const [body, message] of cases) {
      const res = await as.alice.post('/api/v1/org', body);
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(message);
    }
    expect((await as.alice.patch('/api/v1/org/org_x', {})).status).toBe(400);
    expect((await api(service.url).post('/api/v1/org', { name: 'X', plan_tier: 'trial' })).status).toBe(401);
    expect((await readStream(stream)).length).toBe(before);
  });
});

describe('members', () => {
  it('adds by email, changes roles, and always keeps an owner', async () => {
    const id = (await as.alice.post('/api/v1/org', { name: 'Team', plan_tier: 'starter' })).body.organization_id;
    const added = await as.alice.post(`/api/v1/org/${id}/members`, { email: 'Bob@Example.com', role: 'admin' });
    expect(added).toMatchObject({ status: 201, body: { user_id: 'usr_bob', email: 'bob@example.com', role: 'admin' } });
    expect((await as.alice.post(`/api/v1/org/${id}/members`, { email: 'bob@example.com', role: 'member' })).status).toBe(409);
    expect((await as.alice.post(`/api/v1/org/${id}/members`, { email: 'nobody@example.com', role: 'member' })).status).toBe(404);
    // An admin adds members but does not hand out ownership.
    expect((await as.bob.post(`/api/v1/org/${id}/members`, { email: 'carol@example.com', role: 'owner' })).status).toBe(403);
    expect((await as.bob.post(`/api/v1/org/${id}/members`, { email: 'carol@example.com', role: 'member' })).status).toBe(201);
    expect((await as.carol.delete(`/api/v1/org/${id}/members/usr_bob`)).status).toBe(403);
    expect((await as.bob.patch(`/api/v1/org/${id}/members/usr_alice`, { role: 'member' })).status).toBe(403);

    const lastOwner = await as.alice.patch(`/api/v1/org/${id}/members/usr_alice`, { role: 'admin' });
    expect(lastOwner.status).toBe(409);
    expect(lastOwner.body.message).toMatch(/no owner left/);
    expect((await as.alice.patch(`/api/v1/org/${id}/members/usr_bob`, { role: 'owner' })).body.role).toBe('owner');
    expect((await as.alice.delete(`/api/v1/org/${id}/members/usr_alice`)).status).toBe(204);
    expect((await as.alice.get(`/api/v1/org/${id}`)).status).toBe(404);
    // Anyone may leave.
    expect((await as.carol.delete(`/api/v1/org/${id}/members/usr_carol`)).status).toBe(204);
    const left = (await as.bob.get(`/api/v1/org/${id}/members`)).body.data;
    expect(left.map((m: { email: string; role: string }) => [m.email, m.role])).toEqual([['bob@example.com', 'owner']]);
    expect((await as.bob.patch(`/api/v1/org/${id}/members/usr_bob`, { role: 'superuser' })).status).toBe(400);
    // Each departure is told, under the organization, by user id: other services follow who still belongs.
    const removed = (await eventsOf(id, 3)).filter((e) => e.type === 'organization.member_removed');
    expect(removed.map((e) => e.data)).toEqual([
      expect.objectContaining({
        organization_id: id,
        user_id: 'usr_alice',
        email: 'alice@example.com',
        role: 'owner',
        removed_by: 'alice@example.com',
      }),
      expect.objectContaining({
        organization_id: id,
        user_id: 'usr_carol',
        email: 'carol@example.com',
        role: 'member',
        removed_by: 'carol@example.com',
      }),
    ]);
  });

  it('bounds how many emails one user can try as members (unregistered ones answer 404): 429 past the limit, for that user only', async () => {
    const prober = api(service.url, await tokens.user());
    const id = (await prober.post('/api/v1/org', { name: 'Probe', plan_tier: 'trial' })).body.organization_id;
    for (let i = 0; i < 10; i++)
      expect((await prober.post(`/api/v1/org/${id}/members`, { email: `guess${i}@example.com`, role: 'member' })).status).toBe(404);
    const limited = await prober.post(`/api/v1/org/${id}/members`, { email: 'guess-more@example.com', role: 'member' });
    expect(limited).toMatchObject({ status: 429, body: { code: 'OPS_ERR_RATE_LIMITED' } });
    const teamId = (await as.alice.post('/api/v1/org', { name: 'Unaffected', plan_tier: 'trial' })).body.organization_id;
    expect((await as.alice.post(`/api/v1/org/${teamId}/members`, { email: 'bob@example.com', role: 'member' })).status).toBe(201);
  });

  it("drops a deleted user's memberships when user.deleted arrives", async () => {
    const id = (await as.alice.post('/api/v1/org', { name: 'Leavers', plan_tier: 'starter' })).body.organization_id;
    await as.alice.post(`/api/v1/org/${id}/members`, { email: 'carol@example.com', role: 'member' });
    const publisher = new EventPublisher(nats, { subjectPrefix: stream.env.EVENTS_SUBJECT_PREFIX });
    await publisher.publish(
      createEvent({
        type: 'user.deleted',
        source: 'user',
        orgId: null,
        data: { user_id: 'usr_carol', email: 'carol@example.com', deleted_by: 'carol@example.com', deleted_at: new Date().toISOString() },
      }),
    );
    await waitFor('carol to be gone', async () => (await as.alice.get(`/api/v1/org/${id}/members`)).body.data.length === 1);
    const removed = await waitFor('her departure on the stream', async () =>
      (await readStream(stream)).find((e) => e.org_id === id && e.type === 'organization.member_removed'),
    );
    expect(removed.data).toMatchObject({ user_id: 'usr_carol', role: 'member', removed_by: 'carol@example.com' });
    expect((await as.alice.post(`/api/v1/org/${id}/members`, { email: 'carol@example.com', role: 'member' })).status).toBe(404);
  });
});
