import { api, waitFor } from '@ops/testing';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { usePlatformFixture } from './platform.fixture.js';

const suite = usePlatformFixture();

describe('organizations, their members and their webhooks, through the gateway', () => {
  it("lets an organization's owners and admins manage its endpoints, its members read them, and nobody else see them", async () => {
    const owner = await suite.f.signUp('owner@example.com');
    const helper = await suite.f.signUp('helper@example.com');
    const outsider = await suite.f.signUp('outsider@example.com');

    // The old design's curl, unchanged.
    const org = await owner.client.post('/api/v1/org', { name: 'Test Organization', plan_tier: 'professional' });
    expect(org.status).toBe(201);
    const orgId = org.body.organization_id as string;

    const endpoint = await owner.client.post('/api/v1/webhooks', { url: suite.receiver.url, events: ['organization.*'], org_id: orgId });
    expect(endpoint.status).toBe(201);
    expect((await outsider.client.post('/api/v1/webhooks', { url: suite.receiver.url, events: ['*'], org_id: orgId })).status).toBe(403);
    expect((await outsider.client.get(`/api/v1/webhooks/${endpoint.body.id}`)).status).toBe(404);

    // The organization service hears of users from the stream: adding by email works once it has.
    const added = await waitFor('the helper to be addable', async () => {
      const res = await owner.client.post(`/api/v1/org/${orgId}/members`, { email: helper.email, role: 'member' });
      return res.status === 201 ? res : null;
    });
    expect(added.body).toMatchObject({ user_id: helper.userId, role: 'member' });
    expect((await helper.client.get(`/api/v1/webhooks/${endpoint.body.id}`)).status).toBe(200);
    expect((await helper.client.patch(`/api/v1/webhooks/${endpoint.body.id}`, { description: 'mine' })).status).toBe(403);
    await owner.client.patch(`/api/v1/org/${orgId}/members/${helper.userId}`, { role: 'admin' });
    expect((await helper.client.patch(`/api/v1/webhooks/${endpoint.body.id}`, { description: 'mine' })).status).toBe(200);

    // The organization's own events reach its endpoint, signed; another organization's do not.
    const other = await outsider.client.post('/api/v1/org', { name: 'Other', plan_tier: 'starter' });
    await outsider.client.patch(`/api/v1/org/${other.body.organization_id}`, { name: 'Other, renamed' });
    await helper.client.patch(`/api/v1/org/${orgId}`, { name: 'Renamed Organization' });
    const [request] = await waitFor('organization.updated', async () => {
      const got = suite.receiver.requests.filter((r) => JSON.parse(r.body).event === 'organization.updated');
      return got.length > 0 ? got : null;
    });
    const body = new Webhook(endpoint.body.secret).verify(request!.body, request!.headers as Record<string, string>) as Record<string, any>;
    expect(body.data).toMatchObject({ organization_id: orgId, name: 'Renamed Organization', changes: ['name'], updated_by: helper.email });
    expect(suite.receiver.requests.every((r) => JSON.parse(r.body).data.organization_id === orgId)).toBe(true);

    // Removed from the organization: the endpoint is out of reach at once.
    await owner.client.delete(`/api/v1/org/${orgId}/members/${helper.userId}`);
    expect((await helper.client.get(`/api/v1/webhooks/${endpoint.body.id}`)).status).toBe(404);
  });

  it("refuses a signed-out user's token at every service, and accepts the next one", async () => {
    const leaver = await suite.f.signUp('leaver@example.com');
    const org = await leaver.client.post('/api/v1/org', { name: 'Leaving', plan_tier: 'trial' });
    expect(org.status).toBe(201);
    expect((await leaver.client.get('/api/v1/webhooks')).status).toBe(200);
    expect((await leaver.client.post('/auth/logout')).status).toBe(204);
    expect((await leaver.client.get('/auth/me')).status).toBe(401);
    // The other services learn of it from user.logout on the stream.
    await waitFor('the webhook service to refuse the token', async () => (await leaver.client.get('/api/v1/webhooks')).status === 401);
    await waitFor('the organization service to refuse the token', async () => (await leaver.client.get('/api/v1/org')).status === 401);
    const again = await api(suite.f.platform.gateway.url).post('/auth/login/password', { email: leaver.email, password: 'SecurePass123!' });
    const client = api(suite.f.platform.gateway.url, again.body.access_token);
    expect((await client.get('/api/v1/webhooks')).status).toBe(200);
    expect((await client.get(`/api/v1/org/${org.body.organization_id}`)).status).toBe(200);
  });
});
