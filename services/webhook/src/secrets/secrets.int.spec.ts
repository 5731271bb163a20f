import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { endpointSecrets } from '../schema.js';
import { useWebhookFixture } from '../../test/webhook.fixture.js';

const suite = useWebhookFixture();

const verifies = (secret: string, request: { body: string; headers: Record<string, unknown> }) => {
  try {
    new Webhook(secret).verify(request.body, request.headers as Record<string, string>);
    return true;
  } catch {
    return false;
  }
};

describe('endpoint secrets', () => {
  it('are sealed at rest: the database holds no secret in the clear', async () => {
    const { secret } = await suite.f.endpointFor(suite.receiver, { events: ['user.created'] });
    const rows = await suite.f.service.runtime.database.orm.select().from(endpointSecrets);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.sealed).not.toContain('whsec_');
      expect(row.sealed).not.toContain(secret.slice('whsec_'.length, 20));
    }
  });

  it('can be read again only by those who manage the endpoint', async () => {
    const owner = suite.f.as(await suite.f.tokens.user({ org_s: 'owner' }));
    const created = await owner.post('/api/v1/webhooks', { url: suite.receiver.url, events: ['user.login'], org_id: 'org_s' });
    expect((await owner.get(`/api/v1/webhooks/${created.body.id}/secret`)).body).toEqual({ secret: created.body.secret });
    expect(
      (await suite.f.as(await suite.f.tokens.user({ org_s: 'member' })).get(`/api/v1/webhooks/${created.body.id}/secret`)).status,
    ).toBe(403);
    expect((await suite.f.as(await suite.f.tokens.user({ org_t: 'owner' })).get(`/api/v1/webhooks/${created.body.id}/secret`)).status).toBe(
      404,
    );
  });

  it('rotate with an overlap: both secrets sign until it ends; without one, only the new secret', async () => {
    suite.receiver.requests.length = 0;
    const endpoint = await suite.f.endpointFor(suite.receiver, { events: ['user.deleted'] });
    const deleted = (n: string) => ({
      user_id: `usr_${n}`,
      email: `${n}@example.com`,
      deleted_by: 'admin',
      deleted_at: new Date().toISOString(),
    });

    const rotated = await suite.f.admin.post(`/api/v1/webhooks/${endpoint.id}/secret/rotate`, { overlap_seconds: 3600 });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(Date.parse(rotated.body.previous_expires_at) - Date.now()).toBeGreaterThan(3500_000);
    await suite.f.publish('user.deleted', deleted('overlap'));
    const [during] = await suite.receiver.waitForRequests(1);
    expect(String(during!.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verifies(endpoint.secret, during!)).toBe(true);
    expect(verifies(rotated.body.secret, during!)).toBe(true);

    const again = await suite.f.admin.post(`/api/v1/webhooks/${endpoint.id}/secret/rotate`, { overlap_seconds: 0 });
    await suite.f.publish('user.deleted', deleted('after'));
    const after = (await suite.receiver.waitForRequests(2))[1]!;
    expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(verifies(again.body.secret, after)).toBe(true);
    expect(verifies(rotated.body.secret, after)).toBe(false);
    expect(verifies(endpoint.secret, after)).toBe(false);
    expect((await suite.f.admin.get(`/api/v1/webhooks/${endpoint.id}/secret`)).body.secret).toBe(again.body.secret);
  });

  it('refuses a bad overlap with 400 naming it', async () => {
    const endpoint = await suite.f.endpointFor(suite.receiver, { events: ['user.logout'] });
    const res = await suite.f.admin.post(`/api/v1/webhooks/${endpoint.id}/secret/rotate`, { overlap_seconds: -5 });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/overlap_seconds/);
  });
});
