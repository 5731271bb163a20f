import { eventDefinition, eventDefinitions } from '@ops/events';
import { api, Receiver, useReceivers, waitFor, type ReceivedRequest } from '@ops/testing';
import { Webhook } from 'standardwebhooks';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { PASSWORD, usePlatformFixture } from './platform.fixture.js';

/**
 * Every one of the 31 business events, caused by what causes it (public API calls through the gateway, the
 * payment provider's signed webhooks, the billing cycle and the device presence pass on the platform's clock),
 * arriving signed at subscribed receivers with the fields the catalog documents; and each organization's
 * endpoint seeing its own organization's events and nobody else's.
 */
const suite = usePlatformFixture();
const receiver = useReceivers();
const DAY = 24 * 3600_000;
const businessTypes = eventDefinitions.map((d) => d.type).filter((t) => !t.startsWith('webhook.'));

const bodies = (r: Receiver) => r.requests.map((q) => JSON.parse(q.body) as { event: string; data: Record<string, unknown> });
const typesAt = (r: Receiver) => new Set(bodies(r).map((b) => b.event));

/** The payment provider calling in, signed with the platform's PAYMENT_WEBHOOK_SECRET. */
async function provider(event: { id: string; type: string; data: { object: unknown } }) {
  const payload = JSON.stringify(event);
  const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_e2e_secret' });
  const res = await fetch(`${suite.f.platform.gateway.url}/api/v1/billing/provider-webhooks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': signature },
    body: payload,
  });
  expect(res.status).toBe(200);
}

async function invoiceOf(client: ReturnType<typeof api>, index = 0): Promise<string> {
  return waitFor(
    'an invoice',
    async () => (await client.get('/api/v1/subscriptions/me')).body.invoices?.[index]?.invoice_id as string | undefined,
  );
}

describe('every event, from the action that causes it to a subscribed receiver', () => {
  it('delivers all 31, signed and with the documented fields, and keeps organizations apart', async () => {
    const admin = suite.f.gateway(suite.f.adminToken);
    const everything = await receiver();
    const platformEndpoint = await admin.post('/api/v1/webhooks', { url: everything.url, events: ['*'], description: 'all events' });
    expect(platformEndpoint.status).toBe(201);

    // Accounts: the user service's eight.
    const alice = await suite.f.signUp('alice@example.com');
    const bob = await suite.f.signUp('bob@example.com');
    expect((await suite.f.gateway().post('/auth/verify-email', { token: suite.f.mailbox.tokenFor(alice.email) })).status).toBe(200);
    expect((await alice.client.patch('/auth/me', { name: 'Alice A.' })).status).toBe(200);
    const changed = await alice.client.post('/auth/password', { current_password: PASSWORD, new_password: 'EvenBetterPass456!' });
    expect(changed.status).toBe(200);
    const aliceClient = suite.f.gateway(changed.body.access_token);

    // Organizations, each with its own endpoint.
    const aliceOrg = (await aliceClient.post('/api/v1/org', { name: 'Alice Corp', plan_tier: 'professional' })).body
      .organization_id as string;
    const bobOrg = (await bob.client.post('/api/v1/org', { name: 'Bob Ltd', plan_tier: 'starter' })).body.organization_id as string;
    const aliceHooks = await receiver();
    const bobHooks = await receiver();
    const aliceEndpoint = await aliceClient.post('/api/v1/webhooks', { url: aliceHooks.url, events: ['*'], org_id: aliceOrg });
    expect(aliceEndpoint.status).toBe(201);
    expect((await bob.client.post('/api/v1/webhooks', { url: bobHooks.url, events: ['*'], org_id: bobOrg })).status).toBe(201);
    expect((await aliceClient.patch(`/api/v1/org/${aliceOrg}`, { name: 'Alice Corporation' })).status).toBe(200);

    // Billing: the trial was opened by user.created; the organization is paid for by its creator's subscription.
    await waitFor(
      "alice's subscription to pay for her organization",
      async () => (await admin.get(`/api/v1/admin/subscriptions/${alice.email}`)).body.org_id === aliceOrg,
    );
    await waitFor(
      "bob's subscription to pay for his organization",
      async () => (await admin.get(`/api/v1/admin/subscriptions/${bob.email}`)).body.org_id === bobOrg,
    );
    expect(
      (await admin.patch(`/api/v1/admin/subscriptions/${alice.email}`, { tier: 'professional', status: 'active', notes: 'Upgraded' }))
        .status,
    ).toBe(200);
    expect((await admin.patch(`/api/v1/admin/subscriptions/${bob.email}`, { tier: 'starter' })).status).toBe(200);
    suite.f.clock.advance(15 * DAY);
    await suite.f.platform.subscription.billing.runOnce();
    const firstInvoice = await invoiceOf(aliceClient);
    await provider({
      id: 'evt_e2e_paid',
      type: 'payment_intent.succeeded',
      data: { object: { id: 'pi_e2e_1', amount: 4900, currency: 'usd', metadata: { invoice_id: firstInvoice } } },
    });
    await provider({
      id: 'evt_e2e_refund',
      type: 'charge.refunded',
      data: {
        object: {
          id: 'ch_e2e_1',
          payment_intent: 'pi_e2e_1',
          amount_refunded: 4900,
          currency: 'usd',
          refunds: { data: [{ id: 're_e2e_1', reason: 'requested_by_customer' }] },
        },
      },
    });
    suite.f.clock.advance(30 * DAY);
    await suite.f.platform.subscription.billing.runOnce();
    const secondInvoice = await waitFor('the second invoice', async () => {
      const invoices = (await aliceClient.get('/api/v1/subscriptions/me')).body.invoices as Array<{ invoice_id: string }>;
      return invoices.length === 2 ? invoices[0]!.invoice_id : null;
    });
    await provider({
      id: 'evt_e2e_declined',
      type: 'payment_intent.payment_failed',
      data: {
        object: {
          id: 'pi_e2e_2',
          amount: 4900,
          currency: 'usd',
          metadata: { invoice_id: secondInvoice },
          last_payment_error: { code: 'card_declined' },
        },
      },
    });
    suite.f.clock.advance(8 * DAY);
    await suite.f.platform.subscription.billing.runOnce();
    expect((await aliceClient.post('/api/v1/subscriptions/me/cancel', { reason: 'Switching plans' })).status).toBe(200);

    // Devices: registration, heartbeats, an alert rule broken and recovered, silence, change, removal.
    const device = await aliceClient.post('/api/v1/devices', {
      org_id: aliceOrg,
      device_name: 'Sensor-01',
      hardware_id: 'hw-e2e-1',
      firmware_version: '1.0.0',
    });
    expect(device.status).toBe(201);
    const beat = (body: Record<string, unknown>) =>
      fetch(`${suite.f.platform.gateway.url}/api/v1/devices/heartbeat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Device ${device.body.credential}` },
        body: JSON.stringify(body),
      });
    expect(
      (
        await aliceClient.post('/api/v1/devices/alert-rules', {
          org_id: aliceOrg,
          name: 'Overheating',
          metric: 'temperature',
          operator: 'gt',
          threshold: 80,
          severity: 'critical',
        })
      ).status,
    ).toBe(201);
    expect((await beat({ metrics: { temperature: 70 } })).status).toBe(204);
    expect((await beat({ metrics: { temperature: 86.5 } })).status).toBe(204);
    suite.f.clock.advance(60_000);
    expect((await beat({ metrics: { temperature: 71.2 } })).status).toBe(204);
    expect((await aliceClient.patch(`/api/v1/devices/${device.body.device_id}`, { firmware_version: '1.1.0' })).status).toBe(200);
    suite.f.clock.advance(10 * 60_000);
    expect(await suite.f.platform.device.presence.runOnce()).toBe(1);
    expect((await aliceClient.delete(`/api/v1/devices/${device.body.device_id}`)).status).toBe(204);
    // Bob's device, for the isolation check.
    expect(
      (
        await bob.client.post('/api/v1/devices', {
          org_id: bobOrg,
          device_name: 'Bob-1',
          hardware_id: 'hw-e2e-2',
          firmware_version: '1.0.0',
        })
      ).status,
    ).toBe(201);

    // The end of things: an organization, a session, an account changed and one deleted (a member of Alice's
    // organization: her departure is told there).
    const throwaway = (await aliceClient.post('/api/v1/org', { name: 'Short-lived', plan_tier: 'trial' })).body.organization_id as string;
    expect((await aliceClient.delete(`/api/v1/org/${throwaway}`)).status).toBe(204);
    const carol = await suite.f.signUp('carol@example.com');
    expect((await aliceClient.post(`/api/v1/org/${aliceOrg}/members`, { email: carol.email, role: 'member' })).status).toBe(201);
    expect((await aliceClient.post('/auth/logout')).status).toBe(204);
    expect((await admin.patch(`/api/v1/admin/users/${alice.userId}`, { email: 'alice.a@example.com' })).status).toBe(200);
    expect((await admin.delete(`/api/v1/admin/users/${carol.userId}`)).status).toBe(204);

    // All 31 arrived at the platform endpoint, each verified with the endpoint's secret and the catalog's schema.
    await waitFor('every business event at the platform endpoint', async () => businessTypes.every((t) => typesAt(everything).has(t)), {
      timeoutMs: 20_000,
    });
    expect(businessTypes).toHaveLength(31);
    const verifier = new Webhook(platformEndpoint.body.secret);
    for (const request of everything.requests) {
      const body = verifier.verify(request.body, request.headers as Record<string, string>) as { event: string; data: unknown };
      expect(() => eventDefinition(body.event as never).data.parse(body.data), body.event).not.toThrow();
    }

    // Alice's organization endpoint: her organization's device, alert, billing and organization events, none of Bob's.
    const aliceOrgTypes = [
      'organization.updated',
      'subscription.updated',
      'subscription.renewed',
      'invoice.created',
      'payment.succeeded',
      'invoice.paid',
      'payment.refunded',
      'payment.failed',
      'subscription.payment_failed',
      'invoice.overdue',
      'subscription.cancelled',
      'device.registered',
      'device.online',
      'device.alert',
      'alert.triggered',
      'alert.resolved',
      'device.updated',
      'device.offline',
      'device.deleted',
      'organization.member_removed',
    ];
    await waitFor("alice's organization events at her endpoint", async () => aliceOrgTypes.every((t) => typesAt(aliceHooks).has(t)));
    const orgOf = (q: ReceivedRequest) => (JSON.parse(q.body) as { data: Record<string, unknown> }).data;
    expect(aliceHooks.requests.every((q) => !JSON.stringify(orgOf(q)).includes('bob'))).toBe(true);
    expect(typesAt(aliceHooks).has('user.created')).toBe(false);
    expect(
      bobHooks.requests.every((q) => !JSON.stringify(orgOf(q)).includes('alice') && !JSON.stringify(orgOf(q)).includes('Sensor-01')),
    ).toBe(true);
    expect(typesAt(bobHooks)).toContain('device.registered');
  });
});
