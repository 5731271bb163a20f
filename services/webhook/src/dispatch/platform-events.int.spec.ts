import { Receiver, waitFor } from '@ops/testing';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookFixture, userCreated, type WebhookFixture } from '../../test/webhook.fixture.js';

/** The platform reports its own trouble as events, through the same pipe: an operator subscribes to webhook.*. */
let f: WebhookFixture;
let operator: Receiver;
let operatorSecret: string;

beforeAll(async () => {
  f = await startWebhookFixture({ WEBHOOK_RETRY_DELAYS_MS: '50' });
  operator = await Receiver.start();
  operatorSecret = (await f.endpointFor(operator, { events: ['webhook.*'] })).secret;
});
afterAll(async () => {
  await operator?.close();
  await f?.close();
});

const platformEvents = (type: string) =>
  operator.requests
    .map((r) => new Webhook(operatorSecret).verify(r.body, r.headers as Record<string, string>) as Record<string, any>)
    .filter((b) => b.event === type);

describe('platform events', () => {
  it('announces a delivery that exhausted its attempts', async () => {
    const failing = await Receiver.start();
    try {
      failing.respondWith(() => ({ status: 500 }));
      const endpoint = await f.endpointFor(failing, { events: ['user.created'] });
      const event = await f.publish('user.created', userCreated('exhausted'));
      const [exhausted] = await waitFor('webhook.delivery.exhausted', () =>
        platformEvents('webhook.delivery.exhausted').length > 0 ? platformEvents('webhook.delivery.exhausted') : null,
      );
      expect(exhausted!.data).toMatchObject({
        endpoint_id: endpoint.id,
        event_id: event.id,
        event_type: 'user.created',
        attempts: 2,
        last_status_code: 500,
        last_error: 'HTTP 500',
      });
      expect(failing.requests).toHaveLength(2);
    } finally {
      await failing.close();
    }
  });

  it('announces an endpoint the platform disabled, to its own organization and to platform endpoints', async () => {
    const gone = await Receiver.start();
    const orgOperator = await Receiver.start();
    try {
      gone.respondWith(() => ({ status: 410 }));
      const owner = await f.tokens.user({ org_p: 'owner' });
      await f.endpointFor(orgOperator, { events: ['webhook.endpoint.disabled'], org_id: 'org_p' }, owner);
      const endpoint = await f.endpointFor(gone, { events: ['user.login'], org_id: 'org_p' }, owner);
      await f.publish('user.login', { user_id: 'usr_p', email: 'p@example.com', login_at: new Date().toISOString() }, 'org_p');
      const [disabled] = await waitFor('webhook.endpoint.disabled', () =>
        platformEvents('webhook.endpoint.disabled').length > 0 ? platformEvents('webhook.endpoint.disabled') : null,
      );
      expect(disabled!.data).toMatchObject({ endpoint_id: endpoint.id, url: gone.url, reason: expect.stringMatching(/^410 Gone/) });
      const [forOrg] = await orgOperator.waitForRequests(1);
      expect(JSON.parse(forOrg!.body)).toMatchObject({ event: 'webhook.endpoint.disabled', data: { endpoint_id: endpoint.id } });
    } finally {
      await gone.close();
      await orgOperator.close();
    }
  });

  it("turns off a deleted organization's endpoints, saying why, and leaves other organizations' alone", async () => {
    const owner = await f.tokens.user({ org_gone: 'owner', org_kept: 'owner' });
    const doomed = await f.endpointFor(operator, { events: ['user.*'], org_id: 'org_gone' }, owner);
    const kept = await f.endpointFor(operator, { events: ['user.*'], org_id: 'org_kept' }, owner);
    const deletedAt = new Date().toISOString();
    await f.publish(
      'organization.deleted',
      { organization_id: 'org_gone', name: 'Gone', deleted_by: 'someone@example.com', deleted_at: deletedAt },
      'org_gone',
    );
    const off = await waitFor('the endpoint to be disabled', async () => {
      const res = await f.admin.get(`/api/v1/webhooks/${doomed.id}`);
      return res.body.active === false ? res.body : null;
    });
    expect(off.disabled_reason).toBe('organization org_gone was deleted');
    await waitFor('webhook.endpoint.disabled for it', () =>
      platformEvents('webhook.endpoint.disabled').some((e) => e.data.endpoint_id === doomed.id),
    );
    expect((await f.admin.get(`/api/v1/webhooks/${kept.id}`)).body.active).toBe(true);
  });
});
