import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookFixture, type WebhookFixture } from '../../test/webhook.fixture.js';

let f: WebhookFixture;
const minter = { userId: 'usr_owner', email: 'owner@example.com' };
const portalToken = (orgId: string, ttlSeconds = 600) => f.tokens.issuer.issuePortal(minter, orgId, ttlSeconds).then((t) => t.accessToken);
let mine: { id: string };
let theirs: { id: string };

beforeAll(async () => {
  f = await startWebhookFixture();
  mine = (await f.admin.post('/api/v1/webhooks', { url: 'https://hooks.example.com/a', events: ['*'], org_id: 'org_a' })).body;
  theirs = (await f.admin.post('/api/v1/webhooks', { url: 'https://hooks.example.com/b', events: ['*'], org_id: 'org_b' })).body;
  await f.admin.post('/api/v1/webhooks', { url: 'https://hooks.example.com/platform', events: ['*'] });
});
afterAll(async () => {
  await f?.close();
});

describe("a portal link's token at the webhook service", () => {
  it("sees its organization's endpoints, deliveries, stats and catalog, and manages them", async () => {
    const portal = f.as(await portalToken('org_a'));
    const list = await portal.get('/api/v1/webhooks');
    expect(list.status).toBe(200);
    expect(list.body.data.map((e: { id: string }) => e.id)).toEqual([mine.id]);
    expect((await portal.get(`/api/v1/webhooks/${mine.id}/deliveries`)).status).toBe(200);
    expect((await portal.get(`/api/v1/webhooks/${mine.id}/stats`)).body.endpoint_id).toBe(mine.id);
    expect((await portal.get('/api/v1/webhooks/events/available')).body.events.length).toBeGreaterThan(30);
    expect((await portal.patch(`/api/v1/webhooks/${mine.id}`, { description: 'from the portal' })).body.description).toBe(
      'from the portal',
    );
    expect((await portal.get(`/api/v1/webhooks/${mine.id}/secret`)).body.secret).toMatch(/^whsec_/);
    const created = await portal.post('/api/v1/webhooks', { url: 'https://hooks.example.com/new', events: ['user.*'], org_id: 'org_a' });
    expect(created.status).toBe(201);
    expect(created.body.org_id).toBe('org_a');
  });

  it("reaches no other organization's data", async () => {
    const portal = f.as(await portalToken('org_a'));
    expect((await portal.get(`/api/v1/webhooks/${theirs.id}`)).status).toBe(404);
    expect((await portal.get(`/api/v1/webhooks/${theirs.id}/deliveries`)).status).toBe(404);
    expect((await portal.get(`/api/v1/webhooks/${theirs.id}/secret`)).status).toBe(404);
    const listed = await portal.get('/api/v1/webhooks?org_id=org_b');
    expect(listed.status).toBe(200);
    expect(listed.body.data).toEqual([]);
    expect((await portal.post('/api/v1/webhooks', { url: 'https://hooks.example.com/x', events: ['*'], org_id: 'org_b' })).status).toBe(
      403,
    );
    // Without an org_id an endpoint would be the platform's: only platform admins make those.
    expect((await portal.post('/api/v1/webhooks', { url: 'https://hooks.example.com/x', events: ['*'] })).status).toBe(403);
  });

  it.each([
    ['the platform status', 'get', '/api/v1/admin/webhooks/status'],
    ['the dead letters', 'get', '/api/v1/webhooks/dead-letters'],
    ['the replays', 'get', '/api/v1/webhooks/replays'],
    ['starting a replay', 'post', '/api/v1/webhooks/replays'],
    ['the outbox', 'get', '/api/v1/admin/outbox/webhook'],
  ] as const)('is refused %s, a route not opened to portals (403)', async (_, method, path) => {
    const portal = f.as(await portalToken('org_a'));
    const res = method === 'get' ? await portal.get(path) : await portal.post(path, { from_seq: 1, org_id: 'org_a' });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'OPS_ERR_FORBIDDEN', message: expect.stringContaining('portal') });
  });

  it('is refused once expired (401)', async () => {
    const expired = f.as(await portalToken('org_a', -60));
    const res = await expired.get('/api/v1/webhooks');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('OPS_ERR_UNAUTHENTICATED');
  });
});
