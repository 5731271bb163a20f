import { api } from '@ops/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookFixture, type WebhookFixture } from '../../test/webhook.fixture.js';

let f: WebhookFixture;
beforeAll(async () => {
  f = await startWebhookFixture();
});
afterAll(async () => {
  await f?.close();
});

const valid = {
  url: 'https://hooks.example.com/ops',
  events: ['user.created', 'user.login', 'device.online'],
  description: 'Test webhook',
  active: true,
};

describe('endpoints API', () => {
  it('creates an endpoint and shows its whsec_ secret only in the creation response', async () => {
    const created = await f.admin.post('/api/v1/webhooks', valid);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...valid, org_id: null, id: expect.stringMatching(/^ep_/) });
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    const read = await f.admin.get(`/api/v1/webhooks/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).not.toHaveProperty('secret');
    const list = await f.admin.get('/api/v1/webhooks');
    expect(list.body.data.map((e: { id: string }) => e.id)).toContain(created.body.id);
    expect(JSON.stringify(list.body)).not.toContain(created.body.secret);
  });

  it('updates and deletes', async () => {
    const { body } = await f.admin.post('/api/v1/webhooks', valid);
    const patched = await f.admin.patch(`/api/v1/webhooks/${body.id}`, { events: ['user.*'], active: false });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ events: ['user.*'], active: false, url: valid.url });
    expect((await f.admin.delete(`/api/v1/webhooks/${body.id}`)).status).toBe(204);
    expect((await f.admin.get(`/api/v1/webhooks/${body.id}`)).status).toBe(404);
  });

  it.each([
    ['an unknown event type', { ...valid, events: ['user.created', 'user.exploded'] }, /events\.1: unknown event type 'user.exploded'/],
    ['an unknown family', { ...valid, events: ['robot.*'] }, /events\.0: unknown event family/],
    ['no events', { ...valid, events: [] }, /events: subscribe to at least one/],
    ['a URL that is not http(s)', { ...valid, url: 'ftp://example.com/x' }, /url: must be an absolute http/],
    ['a relative URL', { ...valid, url: '/hook' }, /url: must be an absolute http/],
    ['a URL with credentials', { ...valid, url: 'https://u:p@example.com/' }, /url: must not carry credentials/],
    ['a mistyped field', { ...valid, active: 'yes' }, /active/],
    ['a missing url', { events: ['*'] }, /url/],
    ['an unknown field', { ...valid, secret: 'whsec_mine' }, /secret/],
  ])('refuses %s with 400 naming the field', async (_case, body, message) => {
    const res = await f.admin.post('/api/v1/webhooks', body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('OPS_ERR_VALIDATION');
    expect(res.body.message).toMatch(message);
  });

  it('refuses invalid JSON with 400 and a huge body with 413, creating nothing', async () => {
    const before = (await f.admin.get('/api/v1/webhooks?limit=100')).body.data.length;
    expect((await f.admin.post('/api/v1/webhooks', '{"url":')).status).toBe(400);
    const huge = await f.admin.post('/api/v1/webhooks', { ...valid, description: 'x'.repeat(400_000) });
    expect(huge.status).toBe(413);
    expect((await f.admin.get('/api/v1/webhooks?limit=100')).body.data.length).toBe(before);
  });

  it('requires a token on every route', async () => {
    const anonymous = api(f.service.url);
    for (const res of [
      await anonymous.get('/api/v1/webhooks'),
      await anonymous.post('/api/v1/webhooks', valid),
      await anonymous.get('/api/v1/webhooks/events/available'),
      await anonymous.get('/api/v1/webhooks/ep_x'),
      await anonymous.patch('/api/v1/webhooks/ep_x', { active: false }),
      await anonymous.delete('/api/v1/webhooks/ep_x'),
      await anonymous.get('/api/v1/webhooks/ep_x/deliveries'),
    ]) {
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('OPS_ERR_UNAUTHENTICATED');
    }
  });

  it('serves the catalog with schemas and examples to an authenticated caller', async () => {
    const res = await f.as(await f.tokens.user()).get('/api/v1/webhooks/events/available');
    expect(res.status).toBe(200);
    expect(res.body.events.filter((e: { domain: string }) => e.domain !== 'platform')).toHaveLength(31);
    expect(res.body.events.find((e: { type: string }) => e.type === 'device.online')).toMatchObject({
      domain: 'device',
      schema: { type: 'object' },
      example: { device_id: 'dev_xyz789', status: 'online' },
    });
  });
});

describe('organization isolation', () => {
  it('keeps each organization to its own endpoints', async () => {
    const ownerA = f.as(await f.tokens.user({ org_a: 'owner' }));
    const ownerB = f.as(await f.tokens.user({ org_b: 'owner' }));
    const a = await ownerA.post('/api/v1/webhooks', { ...valid, org_id: 'org_a' });
    expect(a.status).toBe(201);
    expect(a.body.org_id).toBe('org_a');

    expect((await ownerB.get(`/api/v1/webhooks/${a.body.id}`)).status).toBe(404);
    expect((await ownerB.patch(`/api/v1/webhooks/${a.body.id}`, { active: false })).status).toBe(404);
    expect((await ownerB.delete(`/api/v1/webhooks/${a.body.id}`)).status).toBe(404);
    expect((await ownerB.get(`/api/v1/webhooks/${a.body.id}/deliveries`)).status).toBe(404);
    expect((await ownerB.get('/api/v1/webhooks')).body.data.map((e: { id: string }) => e.id)).not.toContain(a.body.id);
    expect((await ownerB.post('/api/v1/webhooks', { ...valid, org_id: 'org_a' })).status).toBe(403);
    expect((await ownerA.get(`/api/v1/webhooks/${a.body.id}`)).status).toBe(200);
  });

  it('lets members read but not change, and keeps platform endpoints to platform admins', async () => {
    const owner = f.as(await f.tokens.user({ org_c: 'owner' }));
    const member = f.as(await f.tokens.user({ org_c: 'member' }));
    const { body } = await owner.post('/api/v1/webhooks', { ...valid, org_id: 'org_c' });
    expect((await member.get(`/api/v1/webhooks/${body.id}`)).status).toBe(200);
    expect((await member.patch(`/api/v1/webhooks/${body.id}`, { active: false })).status).toBe(403);
    expect((await member.post('/api/v1/webhooks', { ...valid, org_id: 'org_c' })).status).toBe(403);

    const refused = await owner.post('/api/v1/webhooks', valid);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/org_id is required/);
    const platform = await f.admin.post('/api/v1/webhooks', valid);
    expect((await owner.get(`/api/v1/webhooks/${platform.body.id}`)).status).toBe(404);
  });
});
