import { readFile } from 'node:fs/promises';
import { waitFor } from '@ops/testing';
import Stripe from 'stripe';
import { beforeAll, describe, expect, it } from 'vitest';
import { ContractCheck, type Document } from './api-contract.js';
import { PASSWORD, usePlatformFixture } from './platform.fixture.js';

/**
 * The API as documented is the API as it answers: every operation of the gateway's /openapi.json called
 * through the generated client (libs/api-client), each response held to the schema documented for its status
 * (an undocumented status fails too), and every operation seen succeeding at least once.
 */
const suite = usePlatformFixture();
let contract: ContractCheck;

beforeAll(async () => {
  const res = await fetch(`${suite.f.platform.gateway.url}/openapi.json`);
  expect(res.status).toBe(200);
  const served = (await res.json()) as Document;
  // The gateway's merge of the running services' documents is the committed one the client is generated from.
  expect(served).toEqual(JSON.parse(await readFile(new URL('../libs/api-client/openapi.json', import.meta.url), 'utf8')));
  contract = new ContractCheck(served);
});

/** Unwraps a call that must succeed with `status`. */
async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>, status: number): Promise<T> {
  const { data, error, response } = await call;
  expect(response.status, JSON.stringify(error)).toBe(status);
  return data as T;
}

describe('the API contract', () => {
  it('answers every documented operation as documented', async () => {
    const url = suite.f.platform.gateway.url;
    const anonymous = contract.client(url);
    const admin = contract.client(url, { token: suite.f.adminToken });
    const startedAt = new Date(Date.now() - 1000).toISOString();

    // Webhooks first, so that the rest has deliveries to show.
    const endpoint = await ok(
      admin.POST('/api/v1/webhooks', { body: { url: suite.receiver.url, events: ['*'], description: 'contract' } }),
      201,
    );
    await ok(admin.GET('/api/v1/webhooks', { params: { query: { limit: 10 } } }), 200);
    await ok(admin.GET('/api/v1/webhooks/{id}', { params: { path: { id: endpoint.id } } }), 200);
    await ok(
      admin.PATCH('/api/v1/webhooks/{id}', { params: { path: { id: endpoint.id } }, body: { description: 'contract, changed' } }),
      200,
    );
    await ok(admin.GET('/api/v1/webhooks/{id}/secret', { params: { path: { id: endpoint.id } } }), 200);
    await ok(
      admin.POST('/api/v1/webhooks/{id}/secret/rotate', { params: { path: { id: endpoint.id } }, body: { overlap_seconds: 60 } }),
      200,
    );
    await ok(admin.POST('/api/v1/webhooks/{id}/test', { params: { path: { id: endpoint.id } } }), 200);
    await ok(admin.GET('/api/v1/webhooks/events/available'), 200);
    await ok(admin.GET('/api/v1/webhooks/dead-letters', { params: { query: { limit: 5 } } }), 200);
    await ok(anonymous.GET('/.well-known/jwks.json'), 200);

    // Accounts.
    const carolEmail = 'carol@example.com';
    await ok(anonymous.POST('/auth/register', { body: { email: carolEmail, password: PASSWORD, name: 'Carol' } }), 201);
    const daveUser = await ok(
      anonymous.POST('/auth/register', { body: { email: 'dave@example.com', password: PASSWORD, name: 'Dave' } }),
      201,
    );
    const first = await ok(anonymous.POST('/auth/login/password', { body: { email: carolEmail, password: PASSWORD } }), 200);
    expect(
      (await anonymous.POST('/auth/login/password', { body: { email: carolEmail, password: 'wrong-password' } })).response.status,
    ).toBe(401);
    let carol = contract.client(url, { token: first.access_token });
    await ok(carol.GET('/auth/me'), 200);
    await ok(carol.PATCH('/auth/me', { body: { name: 'Carol C.' } }), 200);
    await ok(carol.POST('/auth/verify-email/resend'), 202);
    await ok(anonymous.POST('/auth/verify-email', { body: { token: suite.f.mailbox.tokenFor(carolEmail) } }), 200);
    const changed = await ok(carol.POST('/auth/password', { body: { current_password: PASSWORD, new_password: `${PASSWORD}2` } }), 200);
    carol = contract.client(url, { token: changed.access_token });

    // Organizations and members.
    const org = await ok(carol.POST('/api/v1/org', { body: { name: 'Contract', plan_tier: 'starter' } }), 201);
    const orgId = { params: { path: { id: org.organization_id } } };
    await ok(carol.GET('/api/v1/org'), 200);
    await ok(carol.GET('/api/v1/org/memberships'), 200);
    await ok(carol.GET('/api/v1/org/{id}', orgId), 200);
    await ok(carol.PATCH('/api/v1/org/{id}', { ...orgId, body: { name: 'Contract Co' } }), 200);
    await ok(carol.POST('/api/v1/org/{id}/members', { ...orgId, body: { email: 'dave@example.com', role: 'member' } }), 201);
    await ok(carol.GET('/api/v1/org/{id}/members', orgId), 200);
    await ok(carol.POST('/auth/portal-links', { body: { org_id: org.organization_id } }), 201);
    const member = { params: { path: { id: org.organization_id, userId: daveUser.user_id } } };
    await ok(carol.PATCH('/api/v1/org/{id}/members/{userId}', { ...member, body: { role: 'admin' } }), 200);
    await ok(carol.DELETE('/api/v1/org/{id}/members/{userId}', member), 204);

    // Devices and alert rules.
    const device = await ok(
      carol.POST('/api/v1/devices', {
        body: { org_id: org.organization_id, device_name: 'probe', hardware_id: 'hw-contract', firmware_version: '1.0.0' },
      }),
      201,
    );
    const deviceId = { params: { path: { id: device.device_id } } };
    await ok(carol.GET('/api/v1/devices', { params: { query: { org_id: org.organization_id } } }), 200);
    await ok(carol.GET('/api/v1/devices/{id}', deviceId), 200);
    await ok(carol.PATCH('/api/v1/devices/{id}', { ...deviceId, body: { firmware_version: '1.0.1' } }), 200);
    const probe = contract.client(url, { headers: { authorization: `Device ${device.credential}` } });
    await ok(probe.POST('/api/v1/devices/heartbeat', { body: { metrics: { cpu: 12 } } }), 204);
    const rule = await ok(
      carol.POST('/api/v1/devices/alert-rules', {
        body: { org_id: org.organization_id, name: 'hot', metric: 'cpu', operator: 'gt', threshold: 90 },
      }),
      201,
    );
    await ok(carol.GET('/api/v1/devices/alert-rules', { params: { query: { org_id: org.organization_id } } }), 200);
    await ok(carol.DELETE('/api/v1/devices/alert-rules/{ruleId}', { params: { path: { ruleId: rule.rule_id } } }), 204);
    await ok(carol.DELETE('/api/v1/devices/{id}', deviceId), 204);

    // Subscriptions (made from user.created, asynchronously) and the payment provider.
    await waitFor("carol's subscription", async () => (await carol.GET('/api/v1/subscriptions/me')).response.status === 200);
    await ok(carol.POST('/api/v1/subscriptions/me/cancel', { body: { reason: 'contract' } }), 200);
    const dave = { params: { path: { email: 'dave@example.com' } } };
    await waitFor(
      "dave's subscription",
      async () => (await admin.GET('/api/v1/admin/subscriptions/{email}', dave)).response.status === 200,
    );
    await ok(admin.PATCH('/api/v1/admin/subscriptions/{email}', { ...dave, body: { notes: 'contract' } }), 200);
    await ok(admin.POST('/api/v1/admin/subscriptions/{email}/cancel', { ...dave, body: {} }), 200);
    const payload = JSON.stringify({ id: 'evt_contract', type: 'customer.created', data: { object: {} } });
    await ok(
      anonymous.POST('/api/v1/billing/provider-webhooks', {
        body: JSON.parse(payload),
        bodySerializer: () => payload,
        headers: { 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_e2e_secret' }) },
      }),
      200,
    );

    // Deliveries of what happened so far, and replays.
    const page = await waitFor('a succeeded delivery', async () => {
      const { data } = await admin.GET('/api/v1/webhooks/{id}/deliveries', {
        params: { path: { id: endpoint.id }, query: { status: 'succeeded' } },
      });
      return data?.data.length ? data : null;
    });
    const delivery = { params: { path: { id: endpoint.id, deliveryId: page.data[0]!.id } } };
    await ok(admin.GET('/api/v1/webhooks/{id}/deliveries/{deliveryId}', delivery), 200);
    await ok(admin.GET('/api/v1/webhooks/events/{eventId}/deliveries', { params: { path: { eventId: page.data[0]!.event_id } } }), 200);
    await ok(admin.GET('/api/v1/webhooks/{id}/stats', { params: { path: { id: endpoint.id }, query: { window: 'day' } } }), 200);
    await ok(admin.GET('/api/v1/admin/webhooks/status'), 200);
    await ok(admin.POST('/api/v1/webhooks/{id}/deliveries/{deliveryId}/resend', delivery), 202);
    await ok(admin.POST('/api/v1/webhooks/{id}/recover', { params: { path: { id: endpoint.id } }, body: { since: startedAt } }), 202);
    // Held, so that the replay is still running when paused.
    await suite.f.platform.webhook.replays.stop();
    const replay = await ok(admin.POST('/api/v1/webhooks/replays', { body: { from_time: startedAt, endpoint_id: endpoint.id } }), 202);
    const replayId = { params: { path: { id: replay.id } } };
    await ok(admin.GET('/api/v1/webhooks/replays', { params: { query: { limit: 5 } } }), 200);
    await ok(admin.GET('/api/v1/webhooks/replays/{id}', replayId), 200);
    await ok(admin.POST('/api/v1/webhooks/replays/{id}/pause', replayId), 200);
    await ok(admin.POST('/api/v1/webhooks/replays/{id}/resume', replayId), 200);
    await ok(admin.POST('/api/v1/webhooks/replays/{id}/cancel', replayId), 200);
    await suite.f.platform.webhook.replays.start();

    // Each service's outbox.
    for (const service of ['user', 'org', 'subscription', 'device', 'webhook'] as const) {
      await ok(admin.GET(`/api/v1/admin/outbox/${service}`), 200);
      await ok(admin.POST(`/api/v1/admin/outbox/${service}/verify`), 200);
      await ok(admin.POST(`/api/v1/admin/outbox/${service}/republish`, { body: { since: startedAt } }), 200);
    }

    // Administration, and the ends of things.
    await ok(admin.GET('/api/v1/admin/users', { params: { query: { limit: 5 } } }), 200);
    const daveId = { params: { path: { id: daveUser.user_id } } };
    await ok(admin.GET('/api/v1/admin/users/{id}', daveId), 200);
    await ok(admin.PATCH('/api/v1/admin/users/{id}', { ...daveId, body: { status: 'suspended' } }), 200);
    await ok(admin.DELETE('/api/v1/admin/users/{id}', daveId), 204);
    await ok(carol.DELETE('/api/v1/org/{id}', orgId), 204);
    await ok(admin.DELETE('/api/v1/webhooks/{id}', { params: { path: { id: endpoint.id } } }), 204);
    await ok(carol.POST('/auth/logout'), 204);
    const again = await ok(anonymous.POST('/auth/login/password', { body: { email: carolEmail, password: `${PASSWORD}2` } }), 200);
    await ok(contract.client(url, { token: again.access_token }).DELETE('/auth/me'), 204);

    // A few documented failures, held to the Error schema like the rest.
    expect((await admin.GET('/api/v1/webhooks/{id}', { params: { path: { id: 'ep_missing' } } })).response.status).toBe(404);
    expect((await admin.POST('/api/v1/webhooks', { body: { url: 'not a url', events: [] } })).response.status).toBe(400);
    expect((await anonymous.GET('/auth/me')).response.status).toBe(401);

    expect(contract.problems).toEqual([]);
    expect(contract.unexercised()).toEqual([]);
  });
});
