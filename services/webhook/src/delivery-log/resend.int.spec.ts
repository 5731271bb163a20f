import { waitFor } from '@ops/testing';
import { describe, expect, it } from 'vitest';
import { useWebhookFixture, userCreated } from '../../test/webhook.fixture.js';

const suite = useWebhookFixture({ WEBHOOK_RETRY_DELAYS_MS: '50' });

const list = async (endpointId: string) =>
  (await suite.f.admin.get(`/api/v1/webhooks/${endpointId}/deliveries`)).body.data as Array<Record<string, any>>;
const failedCount = (endpointId: string, n: number) =>
  waitFor(`${n} failed deliveries`, async () =>
    (await list(endpointId)).filter((d) => d.status === 'failed').length === n ? list(endpointId) : null,
  );

describe('resend and recover', () => {
  it('resends a failed delivery under the same webhook-id, with a fresh schedule, its attempts logged after the first ones', async () => {
    suite.receiver.respondWith(() => ({ status: 500 }));
    const endpoint = await suite.f.endpointFor(suite.receiver, { events: ['user.created'] });
    const event = await suite.f.publish('user.created', userCreated('resend'));
    const [failed] = await failedCount(endpoint.id, 1);
    expect(failed!.attempt_count).toBe(2);

    suite.receiver.respondWith((_req, i) => ({ status: i < 3 ? 500 : 200 }));
    const resent = await suite.f.admin.post(`/api/v1/webhooks/${endpoint.id}/deliveries/${failed!.id}/resend`);
    expect(resent.status).toBe(202);
    expect(resent.body).toMatchObject({ id: failed!.id, status: 'pending' });
    const done = await waitFor('the resent delivery to succeed', async () =>
      (await list(endpoint.id)).find((d) => d.status === 'succeeded'),
    );
    // A fresh schedule: the resend's first try failed and it was retried, though the old schedule was used up.
    expect(done.attempt_count).toBe(4);
    const detail = (await suite.f.admin.get(`/api/v1/webhooks/${endpoint.id}/deliveries/${failed!.id}`)).body;
    expect(detail.attempts.map((a: { attempt_number: number; status_code: number }) => [a.attempt_number, a.status_code])).toEqual([
      [1, 500],
      [2, 500],
      [3, 500],
      [4, 200],
    ]);
    expect(new Set(suite.receiver.requests.map((r) => r.headers['webhook-id']))).toEqual(new Set([event.id]));
    await suite.f.admin.delete(`/api/v1/webhooks/${endpoint.id}`);
  });

  it('recovers the failed deliveries of a time range, and only those', async () => {
    suite.receiver.requests.length = 0;
    suite.receiver.respondWith(() => ({ status: 503 }));
    const endpoint = await suite.f.endpointFor(suite.receiver, { events: ['user.login'] });
    const login = (n: string) => ({ user_id: `usr_${n}`, email: `${n}@example.com`, login_at: new Date().toISOString() });
    const before = await suite.f.publish('user.login', login('before'));
    await failedCount(endpoint.id, 1);
    const since = new Date().toISOString();
    const inRange = [await suite.f.publish('user.login', login('a')), await suite.f.publish('user.login', login('b'))];
    await failedCount(endpoint.id, 3);

    suite.receiver.requests.length = 0;
    suite.receiver.respondWith(() => ({ status: 200 }));
    const recovered = await suite.f.admin.post(`/api/v1/webhooks/${endpoint.id}/recover`, { since });
    expect(recovered).toMatchObject({ status: 202, body: { recovered: 2 } });
    await suite.receiver.waitForRequests(2);
    await waitFor('both to succeed', async () => (await list(endpoint.id)).filter((d) => d.status === 'succeeded').length === 2);
    expect(suite.receiver.requests.map((r) => r.headers['webhook-id']).sort()).toEqual(inRange.map((e) => e.id).sort());
    expect((await list(endpoint.id)).find((d) => d.event_id === before.id)!.status).toBe('failed');
  });

  it("validates the range and the caller's rights", async () => {
    const endpoint = await suite.f.endpointFor(suite.receiver, { events: ['user.logout'] });
    const bad = await suite.f.admin.post(`/api/v1/webhooks/${endpoint.id}/recover`, { since: 'yesterday' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/since/);
    const backwards = await suite.f.admin.post(`/api/v1/webhooks/${endpoint.id}/recover`, {
      since: '2026-11-02T00:00:00Z',
      until: '2026-11-01T00:00:00Z',
    });
    expect(backwards.status).toBe(400);
    expect(backwards.body.message).toMatch(/until: until must not be before since/);
    const owner = suite.f.as(await suite.f.tokens.user({ org_r: 'owner' }));
    const member = suite.f.as(await suite.f.tokens.user({ org_r: 'member' }));
    const orgEndpoint = await owner.post('/api/v1/webhooks', { url: suite.receiver.url, events: ['user.logout'], org_id: 'org_r' });
    expect((await member.post(`/api/v1/webhooks/${orgEndpoint.body.id}/recover`, { since: '2026-11-01T00:00:00Z' })).status).toBe(403);
    expect((await owner.post(`/api/v1/webhooks/${orgEndpoint.body.id}/deliveries/dlv_nope/resend`)).status).toBe(404);
  });
});
