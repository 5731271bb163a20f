import { createEvent } from '@ops/events';
import { createLogger } from '@ops/logger';
import { connectNats, EventPublisher, type NatsConnection } from '@ops/messaging';
import { ManualClock } from '@ops/runtime';
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
import Stripe from 'stripe';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSubscriptionService, type SubscriptionService } from '../subscription-service.js';
import { BillingCycle } from './billing-cycle.js';

const DAY = 24 * 3600_000;
const SECRET = 'whsec_test_secret_for_billing';
let db: TestDatabase;
let stream: TestStream;
let service: SubscriptionService;
let nats: NatsConnection;
let publisher: EventPublisher;
let tokens: TestTokens;
let admin: ReturnType<typeof api>;
const clock = new ManualClock(new Date('2026-12-01T00:00:00Z'));

beforeAll(async () => {
  db = await createTestDatabase();
  stream = testStream();
  tokens = await TestTokens.create();
  service = await startSubscriptionService(
    {
      ...stream.env,
      DATABASE_URL: db.url,
      SUBSCRIPTION_PORT: '0',
      LOG_LEVEL: 'silent',
      PAYMENT_WEBHOOK_SECRET: SECRET,
      BILLING_CYCLE_INTERVAL_MS: '3600000',
      PAYMENT_WEBHOOK_RATE_LIMIT: '30',
    },
    { verifier: tokens.verifier, clock },
  );
  nats = await connectNats({ servers: stream.env.NATS_URL, name: 'billing-test', logger: createLogger({ name: 'test', level: 'silent' }) });
  publisher = new EventPublisher(nats, { subjectPrefix: stream.env.EVENTS_SUBJECT_PREFIX });
  admin = api(service.url, await tokens.admin());
});
afterAll(async () => {
  await service?.close();
  await nats?.close();
  await stream?.delete();
  await db?.drop();
});

/** A user registers (as the user service would publish it) and gets their trial. */
async function registered(name: string, user = { userId: `usr_${name}`, email: `${name}@example.com` }) {
  await publisher.publish(
    createEvent({
      type: 'user.created',
      source: 'user',
      orgId: null,
      data: { user_id: user.userId, email: user.email, name, subscription_tier: 'trial', created_at: clock.now().toISOString() },
    }),
  );
  const client = api(service.url, await tokens.tokenFor(user));
  const subscription = await waitFor(`${name}'s trial`, async () => {
    const res = await client.get('/api/v1/subscriptions/me');
    return res.status === 200 ? res.body : null;
  });
  return { ...user, client, subscription };
}

/** The billing events of one subscription on the stream, once there are `count`. */
async function eventsOf(email: string, count: number): Promise<StoredEvent[]> {
  return waitFor(`${count} events for ${email}`, async () => {
    const mine = (await readStream(stream)).filter((e) => e.source === 'subscription' && e.data.email === email);
    return mine.length >= count ? mine : null;
  });
}

/** The provider's webhook as Stripe would send it, signed (or not) with the shared secret. */
async function providerWebhook(
  event: { id: string; type: string; data: { object: unknown } },
  options: { secret?: string; timestamp?: number } = {},
) {
  const payload = JSON.stringify(event);
  const header = Stripe.webhooks.generateTestHeaderString({ payload, secret: options.secret ?? SECRET, timestamp: options.timestamp });
  const res = await fetch(`${service.url}/api/v1/billing/provider-webhooks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': header },
    body: payload,
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

describe('subscriptions', () => {
  it('opens exactly one trial per registered user, however often the registration arrives', async () => {
    const { subscription, email, userId } = await registered('trialist');
    expect(subscription).toMatchObject({
      email,
      tier: 'trial',
      status: 'trialing',
      trial_ends_at: new Date(clock.now().getTime() + 14 * DAY).toISOString(),
    });
    // The same registration again, as a redelivery would bring it (a new message, the same user).
    await publisher.publish(
      createEvent({
        type: 'user.created',
        source: 'user',
        orgId: null,
        data: { user_id: userId, email, name: 'again', subscription_tier: 'trial', created_at: clock.now().toISOString() },
      }),
    );
    await registered('after-the-repeat');
    const created = (await readStream(stream)).filter((e) => e.type === 'subscription.created' && e.data.email === email);
    expect(created).toHaveLength(1);
    expect(created[0]!.data).toMatchObject({
      subscription_id: subscription.subscription_id,
      user_id: userId,
      email,
      tier: 'trial',
      status: 'trialing',
    });
  });

  it("lets platform admins change tier, status and notes (the old design's PATCH), with subscription.updated", async () => {
    const { email, client } = await registered('upgraded');
    const res = await admin.patch(`/api/v1/admin/subscriptions/${email}`, {
      tier: 'professional',
      status: 'active',
      notes: 'Upgraded from trial',
    });
    expect(res).toMatchObject({ status: 200, body: { tier: 'professional', status: 'active', notes: 'Upgraded from trial' } });
    const events = await eventsOf(email, 2);
    expect(events[1]).toMatchObject({
      type: 'subscription.updated',
      data: {
        email,
        tier: 'professional',
        status: 'active',
        notes: 'Upgraded from trial',
        updated_by: expect.stringMatching(/@example\.com$/),
      },
    });
    expect((await client.patch(`/api/v1/admin/subscriptions/${email}`, { tier: 'enterprise' })).status).toBe(403);
    expect((await admin.patch('/api/v1/admin/subscriptions/nobody@example.com', { tier: 'starter' })).status).toBe(404);
    expect((await admin.patch(`/api/v1/admin/subscriptions/${email}`, { tier: 'platinum' })).body.message).toMatch(/tier/);
    expect((await admin.patch(`/api/v1/admin/subscriptions/${email}`, { status: 'cancelled' })).body.message).toMatch(
      /status: trialing, active or past_due/,
    );
    expect((await admin.patch('/api/v1/admin/subscriptions/not-an-email', { tier: 'starter' })).status).toBe(400);
    expect((await readStream(stream)).filter((e) => e.source === 'subscription' && e.data.email === email)).toHaveLength(2);
  });

  it('cancels at the end of the period, and never renews it', async () => {
    const { email, client, subscription } = await registered('quitter');
    const res = await client.post('/api/v1/subscriptions/me/cancel', { reason: 'Too expensive' });
    expect(res).toMatchObject({ status: 200, body: { status: 'cancelled', cancel_at: subscription.current_period_end } });
    const events = await eventsOf(email, 2);
    expect(events[1]).toMatchObject({
      type: 'subscription.cancelled',
      data: { email, reason: 'Too expensive', cancelled_by: email, effective_at: subscription.current_period_end },
    });
    expect((await client.post('/api/v1/subscriptions/me/cancel', {})).status).toBe(409);
  });
});

describe('the billing cycle, on an injected clock', () => {
  it('renews ended periods and invoices paid plans once, even with two replicas running it at the same moment', async () => {
    const { email } = await registered('payer');
    await admin.patch(`/api/v1/admin/subscriptions/${email}`, { tier: 'professional' });
    clock.advance(14 * DAY + 1000);
    const replica = new BillingCycle({
      database: service.runtime.database,
      clock,
      settings: { trialMs: 14 * DAY, periodMs: 30 * DAY, invoiceDueMs: 7 * DAY },
      logger: createLogger({ name: 'test', level: 'silent' }),
      intervalMs: 3600_000,
    });
    const [a, b] = await Promise.all([service.billing.runOnce(), replica.runOnce()]);
    expect(a.renewed + b.renewed).toBeGreaterThanOrEqual(1);
    expect((await service.billing.runOnce()).renewed).toBe(0);
    const events = await eventsOf(email, 4);
    const renewed = events.filter((e) => e.type === 'subscription.renewed');
    const invoiced = events.filter((e) => e.type === 'invoice.created');
    expect(renewed).toHaveLength(1);
    expect(invoiced).toHaveLength(1);
    expect(invoiced[0]!.data).toMatchObject({ email, amount_cents: 4900, currency: 'usd' });
    expect(Date.parse(String(invoiced[0]!.data.due_at)) - Date.parse(String(invoiced[0]!.data.period_start))).toBe(7 * DAY);
  });

  it('reports an unpaid invoice past its due date once, and the subscription goes past_due', async () => {
    const { email, client } = await registered('late');
    await admin.patch(`/api/v1/admin/subscriptions/${email}`, { tier: 'starter' });
    clock.advance(14 * DAY + 1000);
    await service.billing.runOnce();
    clock.advance(10 * DAY);
    await service.billing.runOnce();
    await service.billing.runOnce();
    const overdue = (await eventsOf(email, 5)).filter((e) => e.type === 'invoice.overdue');
    expect(overdue).toHaveLength(1);
    expect(overdue[0]!.data).toMatchObject({ email, amount_cents: 1900, days_overdue: 3 });
    expect((await client.get('/api/v1/subscriptions/me')).body.status).toBe('past_due');
  });
});

describe("payments from the provider's signed webhooks", () => {
  async function invoiced(name: string) {
    const user = await registered(name);
    await admin.patch(`/api/v1/admin/subscriptions/${user.email}`, { tier: 'professional' });
    clock.advance(14 * DAY + 1000);
    await service.billing.runOnce();
    const invoice = (await user.client.get('/api/v1/subscriptions/me')).body.invoices[0];
    return { ...user, invoice };
  }

  it('pays the invoice on payment_intent.succeeded, once, however often the provider sends it', async () => {
    const { email, invoice, client } = await invoiced('card-ok');
    const event = {
      id: 'evt_pay_ok',
      type: 'payment_intent.succeeded',
      data: { object: { id: 'pi_ok', amount: 4900, currency: 'usd', metadata: { invoice_id: invoice.invoice_id } } },
    };
    expect(await providerWebhook(event)).toMatchObject({ status: 200, body: { handled: true, duplicate: false } });
    expect(await providerWebhook(event)).toMatchObject({ status: 200, body: { duplicate: true } });
    const events = await eventsOf(email, 6);
    expect(events.filter((e) => e.type === 'payment.succeeded')).toHaveLength(1);
    expect(events.find((e) => e.type === 'invoice.paid')!.data).toMatchObject({
      invoice_id: invoice.invoice_id,
      email,
      amount_cents: 4900,
    });
    expect((await client.get('/api/v1/subscriptions/me')).body.invoices[0].status).toBe('paid');

    const refund = {
      id: 'evt_refund',
      type: 'charge.refunded',
      data: {
        object: {
          id: 'ch_ok',
          payment_intent: 'pi_ok',
          amount_refunded: 4900,
          currency: 'usd',
          refunds: { data: [{ id: 're_ok', reason: 'requested_by_customer' }] },
        },
      },
    };
    expect((await providerWebhook(refund)).status).toBe(200);
    const refunded = (await eventsOf(email, 7)).find((e) => e.type === 'payment.refunded')!;
    expect(refunded.data).toMatchObject({
      refund_id: 're_ok',
      invoice_id: invoice.invoice_id,
      amount_cents: 4900,
      reason: 'requested_by_customer',
    });
  });

  it('reports a declined payment as payment.failed and subscription.payment_failed', async () => {
    const { email, invoice } = await invoiced('card-declined');
    const event = {
      id: 'evt_pay_declined',
      type: 'payment_intent.payment_failed',
      data: {
        object: {
          id: 'pi_declined',
          amount: 4900,
          currency: 'usd',
          metadata: { invoice_id: invoice.invoice_id },
          last_payment_error: { code: 'card_declined' },
        },
      },
    };
    expect((await providerWebhook(event)).status).toBe(200);
    const events = await eventsOf(email, 6);
    expect(events.find((e) => e.type === 'payment.failed')!.data).toMatchObject({
      invoice_id: invoice.invoice_id,
      failure_reason: 'card_declined',
      amount_cents: 4900,
    });
    expect(events.find((e) => e.type === 'subscription.payment_failed')!.data).toMatchObject({
      email,
      invoice_id: invoice.invoice_id,
      failure_reason: 'card_declined',
    });
  });

  it('refuses an unsigned, forged or stale webhook, and says why', async () => {
    const event = {
      id: 'evt_forged',
      type: 'payment_intent.succeeded',
      data: { object: { id: 'pi_x', amount: 1, currency: 'usd', metadata: { invoice_id: 'inv_x' } } },
    };
    const forged = await providerWebhook(event, { secret: 'whsec_someone_else' });
    expect(forged.status).toBe(401);
    expect(forged.body.message).toMatch(/Stripe-Signature: No signatures found/);
    const stale = await providerWebhook(event, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect(stale.status).toBe(401);
    expect(stale.body.message).toMatch(/tolerance/);
    const unsigned = await fetch(`${service.url}/api/v1/billing/provider-webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(event),
    });
    expect(unsigned.status).toBe(401);
    const malformed = await providerWebhook({
      id: 'evt_bad',
      type: 'payment_intent.succeeded',
      data: { object: { id: 'pi_bad', amount: -5 } },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toMatch(/data.object.amount/);
    expect(await providerWebhook({ id: 'evt_other', type: 'customer.created', data: { object: {} } })).toMatchObject({
      status: 200,
      body: { handled: false },
    });
  });

  it('limits provider webhooks per address with 429 and Retry-After, before any signature work', async () => {
    const send = (address: string) =>
      fetch(`${service.url}/api/v1/billing/provider-webhooks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=forged', 'x-forwarded-for': address },
        body: '{}',
      });
    for (let i = 0; i < 30; i++) expect((await send('203.0.113.99')).status).toBe(401);
    const limited = await send('203.0.113.99');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ code: 'OPS_ERR_RATE_LIMITED' });
    expect((await send('203.0.113.100')).status).toBe(401);
  });

  it('pays an invoice only in its own currency: a payment in JPY is recorded, the USD invoice stays open', async () => {
    const { email, invoice, client } = await invoiced('card-yen');
    const event = {
      id: 'evt_pay_yen',
      type: 'payment_intent.succeeded',
      data: { object: { id: 'pi_yen', amount: 4900, currency: 'JPY', metadata: { invoice_id: invoice.invoice_id } } },
    };
    expect(await providerWebhook(event)).toMatchObject({ status: 200, body: { handled: true, duplicate: false } });
    const events = await eventsOf(email, 5);
    expect(events.find((e) => e.type === 'payment.succeeded')!.data).toMatchObject({
      invoice_id: invoice.invoice_id,
      amount_cents: 4900,
      currency: 'jpy',
    });
    expect(events.map((e) => e.type)).not.toContain('invoice.paid');
    expect((await client.get('/api/v1/subscriptions/me')).body.invoices[0]).toMatchObject({ status: 'open', paid_at: null });
  });

  it('answers a signed body that is not an event with 400, and refuses a timestamp beyond the tolerance in the future', async () => {
    for (const payload of ['null', '[]', '"evt"', '{"id":"evt_no_type"}', '{"id":"evt_no_data","type":"payment_intent.succeeded"}']) {
      const header = Stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET });
      const res = await fetch(`${service.url}/api/v1/billing/provider-webhooks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'stripe-signature': header },
        body: payload,
      });
      expect({ payload, status: res.status, code: ((await res.json()) as Record<string, unknown>).code }).toEqual({
        payload,
        status: 400,
        code: 'OPS_ERR_VALIDATION',
      });
    }
    const event = {
      id: 'evt_future',
      type: 'payment_intent.succeeded',
      data: { object: { id: 'pi_future', amount: 1, currency: 'usd', metadata: { invoice_id: 'inv_x' } } },
    };
    const future = await providerWebhook(event, { timestamp: Math.floor(Date.now() / 1000) + 10 * 365 * 24 * 3600 });
    expect(future.status).toBe(401);
    expect(future.body.message).toMatch(/in the future/);
    expect(await providerWebhook({ id: 'evt_proto', type: 'constructor', data: { object: {} } })).toMatchObject({
      status: 200,
      body: { handled: false },
    });
  });
});

describe('organizations', () => {
  it("bills an organization through its creator's subscription: billing events carry its org_id", async () => {
    const { email, userId } = await registered('founder');
    await publisher.publish(organizationCreated('org_founded', { userId, email }));
    await waitFor(
      'the subscription to pay for the organization',
      async () => (await admin.get(`/api/v1/admin/subscriptions/${email}`)).body.org_id === 'org_founded',
    );
    await admin.patch(`/api/v1/admin/subscriptions/${email}`, { tier: 'enterprise' });
    const updated = (await eventsOf(email, 2)).find((e) => e.type === 'subscription.updated')!;
    expect(updated.org_id).toBe('org_founded');
  });

  it('pays for an organization created before the registration reached this service', async () => {
    const email = 'early@example.com';
    await publisher.publish(organizationCreated('org_early', { userId: 'usr_early', email }));
    await waitFor('the organization to be waiting for its owner', async () => {
      const rows = await service.runtime.database.query<{ n: number }>(
        service.runtime.database.orm,
        sql`select count(*)::int as n from billing.pending_organizations where owner_id = 'usr_early'`,
      );
      return rows[0]!.n === 1;
    });
    const { subscription } = await registered('early');
    expect(subscription.org_id).toBe('org_early');
    const [created] = await eventsOf(email, 1);
    expect(created).toMatchObject({ type: 'subscription.created', org_id: 'org_early' });
  });

  it('stops paying for an organization its creator left: their later billing events stay theirs', async () => {
    const { email, userId, client } = await registered('payer');
    await publisher.publish(organizationCreated('org_left', { userId, email }));
    await waitFor(
      'the subscription to pay for the organization',
      async () => (await client.get('/api/v1/subscriptions/me')).body.org_id === 'org_left',
    );
    // The creator made someone else owner and left (as the organization service reports it).
    await publisher.publish(
      createEvent({
        type: 'organization.member_removed',
        source: 'org',
        orgId: 'org_left',
        data: {
          organization_id: 'org_left',
          user_id: userId,
          email,
          role: 'member',
          removed_by: email,
          removed_at: clock.now().toISOString(),
        },
      }),
    );
    await waitFor('the organization to have no payer', async () => (await client.get('/api/v1/subscriptions/me')).body.org_id === null);
    expect((await client.post('/api/v1/subscriptions/me/cancel', { reason: 'private reason' })).status).toBe(200);
    const cancelled = await waitFor('the cancellation on the stream', async () =>
      (await eventsOf(email, 1)).find((e) => e.type === 'subscription.cancelled'),
    );
    expect(cancelled.org_id).toBeNull();
    expect(cancelled.data.reason).toBe('private reason');
    // Their next organization is paid for again.
    await publisher.publish(organizationCreated('org_next', { userId, email }));
    await waitFor(
      'the next organization to be paid for',
      async () => (await client.get('/api/v1/subscriptions/me')).body.org_id === 'org_next',
    );
  });

  it('keeps paying when someone else leaves', async () => {
    const { email, userId, client } = await registered('stayer');
    await publisher.publish(organizationCreated('org_stays', { userId, email }));
    await publisher.publish(
      createEvent({
        type: 'organization.member_removed',
        source: 'org',
        orgId: 'org_stays',
        data: {
          organization_id: 'org_stays',
          user_id: 'usr_someone_else',
          email: 'else@example.com',
          role: 'member',
          removed_by: email,
          removed_at: clock.now().toISOString(),
        },
      }),
    );
    // A marker through the same ordered consumer: once it is handled, so is the removal before it.
    await publisher.publish(organizationCreated('org_marker', { userId: 'usr_marker', email: 'marker@example.com' }));
    await waitFor('the marker to be handled', async () => {
      const rows = await service.runtime.database.query<{ n: number }>(
        service.runtime.database.orm,
        sql`select count(*)::int as n from billing.pending_organizations where owner_id = 'usr_marker'`,
      );
      return rows[0]!.n === 1;
    });
    expect((await client.get('/api/v1/subscriptions/me')).body.org_id).toBe('org_stays');
  });
});

describe('identity: a subscription belongs to a user id, never to an email', () => {
  it('gives a freed address a new trial after its user was deleted, and closes the old subscription', async () => {
    const first = await registered('reused', { userId: 'usr_reused_1', email: 'reused@example.com' });
    expect(
      (
        await admin.patch('/api/v1/admin/subscriptions/reused@example.com', {
          tier: 'professional',
          status: 'active',
          notes: 'private note',
        })
      ).status,
    ).toBe(200);
    await publisher.publish(
      createEvent({
        type: 'user.deleted',
        source: 'user',
        orgId: null,
        data: { user_id: first.userId, email: first.email, deleted_by: first.email, deleted_at: clock.now().toISOString() },
      }),
    );
    await waitFor('the old subscription to be closed', async () =>
      (await eventsOf(first.email, 3)).some(
        (e) => e.type === 'subscription.cancelled' && e.data.subscription_id === first.subscription.subscription_id,
      ),
    );

    const second = await registered('reused', { userId: 'usr_reused_2', email: 'reused@example.com' });
    expect(second.subscription).toMatchObject({ user_id: 'usr_reused_2', tier: 'trial', status: 'trialing', notes: null });
    expect(second.subscription.subscription_id).not.toBe(first.subscription.subscription_id);
    expect((await admin.get('/api/v1/admin/subscriptions/reused@example.com')).body.user_id).toBe('usr_reused_2');
    // The old user's token, were it still accepted, finds nothing either.
    expect((await first.client.get('/api/v1/subscriptions/me')).status).toBe(404);
    const cancel = await second.client.post('/api/v1/subscriptions/me/cancel', {});
    expect(cancel.body).toMatchObject({ user_id: 'usr_reused_2', status: 'cancelled' });
  });

  it('follows an email change: the renamed user keeps their subscription, a newcomer on the old address gets their own', async () => {
    const renamed = await registered('before', { userId: 'usr_renamed', email: 'before@example.com' });
    expect((await admin.patch('/api/v1/admin/subscriptions/before@example.com', { tier: 'starter', notes: 'renamed user' })).status).toBe(
      200,
    );
    await publisher.publish(
      createEvent({
        type: 'user.updated',
        source: 'user',
        orgId: null,
        data: {
          user_id: renamed.userId,
          email: 'after@example.com',
          role: 'user',
          status: 'active',
          changes: ['email'],
          updated_by: 'admin@example.com',
          updated_at: clock.now().toISOString(),
        },
      }),
    );
    await waitFor(
      'the subscription to follow the new address',
      async () => (await admin.get('/api/v1/admin/subscriptions/after@example.com')).body.user_id === 'usr_renamed',
    );

    const renamedClient = api(service.url, await tokens.tokenFor({ userId: renamed.userId, email: 'after@example.com' }));
    expect((await renamedClient.get('/api/v1/subscriptions/me')).body).toMatchObject({
      user_id: 'usr_renamed',
      email: 'after@example.com',
      tier: 'starter',
      notes: 'renamed user',
    });
    const newcomer = await registered('before', { userId: 'usr_newcomer', email: 'before@example.com' });
    expect(newcomer.subscription).toMatchObject({ user_id: 'usr_newcomer', tier: 'trial', notes: null });
    expect((await admin.get('/api/v1/admin/subscriptions/before@example.com')).body.user_id).toBe('usr_newcomer');
  });
});

function organizationCreated(orgId: string, owner: { userId: string; email: string }) {
  return createEvent({
    type: 'organization.created',
    source: 'org',
    orgId,
    data: {
      organization_id: orgId,
      name: orgId,
      plan_tier: 'starter',
      owner: owner.email,
      owner_id: owner.userId,
      created_at: clock.now().toISOString(),
      member_count: 1,
    },
  });
}
