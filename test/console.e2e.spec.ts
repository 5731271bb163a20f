import { createEvent } from '@ops/events';
import { waitFor } from '@ops/testing';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBrowser } from './browser.fixture.js';
import { ADMIN, PASSWORD, usePlatformFixture, type Person } from './platform.fixture.js';

// One event per replay batch: a replay of a thousand events runs for seconds, long enough to be paused by hand.
const suite = usePlatformFixture({ WEBHOOK_REPLAY_BATCH_SIZE: '1' });
const browser = useBrowser();

let page: Page;
let owner: Person;
let orgId: string;
let endpointId: string;

/** What a locator shows, once it shows `text`: the page is checked for content, not only for having loaded. */
async function shows(locator: Locator, text: string | RegExp): Promise<string> {
  return waitFor(`the page to show ${text}`, async () => {
    const content = (await locator.allInnerTexts()).join('\n');
    return (typeof text === 'string' ? content.includes(text) : text.test(content)) ? content : null;
  });
}

beforeAll(async () => {
  const built = await fetch(`${suite.f.platform.gateway.url}/console/`);
  if (built.status !== 200) throw new Error('the console is not built: run `pnpm build` first');
  owner = await suite.f.signUp('owner@example.com');
  const org = await owner.client.post('/api/v1/org', { name: 'Acme Widgets', plan_tier: 'professional' });
  orgId = org.body.organization_id;
  page = await browser.fresh();
});

describe('the console in a browser', () => {
  it("shows platform admins the platform status, with the stream's figures and its consumers", async () => {
    const adminPage = await browser.fresh();
    await adminPage.goto(`${suite.f.platform.gateway.url}/console/`);
    await adminPage.getByLabel('Email').fill(ADMIN.email);
    await adminPage.getByLabel('Password').fill(ADMIN.password);
    await adminPage.getByRole('button', { name: 'Sign in' }).click();
    await adminPage.getByRole('link', { name: 'Platform status' }).click();
    const status = (await suite.f.gateway(suite.f.adminToken).get('/api/v1/admin/webhooks/status')).body;
    const figures = await shows(adminPage.getByTestId('status-figures'), `Stream ${status.stream.stream}`);
    expect(figures).toMatch(/dead letters\s+0/);
    await shows(adminPage.getByTestId('consumers'), 'webhook-ingest');
    await shows(adminPage.locator('main'), 'Deliveries per second by outcome');
    await adminPage.context().close();
  });

  it('signs in and shows the organizations of whoever signed in', async () => {
    await page.goto(`${suite.f.platform.gateway.url}/console`);
    await page.getByLabel('Email').fill(owner.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await shows(page.getByRole('alert'), 'invalid email or password');

    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await shows(page.locator('h1'), 'Endpoints');
    await shows(page.getByLabel('Organization'), 'Acme Widgets');
    // Not a platform admin: no status page offered.
    expect(await page.locator('nav').textContent()).not.toContain('Platform status');
    await page.getByLabel('Organization').selectOption(orgId);
    await shows(page.locator('main'), 'No endpoints yet.');
  });

  it('creates an endpoint to a loopback receiver with events picked from the catalog, and shows its secret once', async () => {
    await page.getByRole('link', { name: 'New endpoint' }).click();
    await page.getByLabel('URL').fill(suite.receiver.url);
    await page.getByLabel('Description').fill('Orders app');
    await page.getByLabel('organization.updated').hover();
    // The picker shows the type's example and schema, from the catalog the API serves.
    await shows(page.getByTestId('event-detail'), '"organization_id"');
    await page.getByLabel('organization.updated').check();
    await page.getByLabel('Max concurrency').fill('4');
    await page.getByRole('button', { name: 'Create endpoint' }).click();
    const secret = await shows(page.getByTestId('new-secret'), /whsec_\S+/);

    const listed = await owner.client.get(`/api/v1/webhooks?org_id=${orgId}`);
    expect(listed.body.data).toHaveLength(1);
    expect(listed.body.data[0]).toMatchObject({
      url: suite.receiver.url,
      events: ['organization.updated'],
      description: 'Orders app',
      max_concurrency: 4,
      org_id: orgId,
    });
    endpointId = listed.body.data[0].id;
    const stored = await owner.client.get(`/api/v1/webhooks/${endpointId}/secret`);
    expect(secret).toContain(stored.body.secret);

    await page.getByRole('link', { name: 'Go to the endpoint' }).click();
    await shows(page.locator('h1'), suite.receiver.url);
    await shows(page.getByTestId('endpoint-state'), 'healthy');
  });

  it('sends a test event and watches it arrive in the delivery log', async () => {
    await page.getByRole('button', { name: 'Send test event' }).click();
    const result = await shows(page.getByTestId('test-result'), 'Delivered: 200');
    const [request] = await suite.receiver.waitForRequests(1);
    const eventId = request!.headers['webhook-id'] as string;
    expect(result).toContain(eventId);
    const log = await shows(page.getByTestId('deliveries'), eventId);
    expect(log).toContain('webhook.test');
    expect(log).toContain('succeeded');
  });

  it('shows the endpoint failing once the receiver breaks, and a resend delivering once it is back', async () => {
    suite.receiver.respondWith(() => ({ status: 500, body: 'down for maintenance' }));
    await page.getByRole('button', { name: 'Send test event' }).click();
    await shows(page.getByTestId('test-result'), 'Failed: 500');
    await shows(page.getByTestId('endpoint-state'), 'failing');
    await shows(page.locator('main'), 'Failing since');

    // The failed delivery's attempt timeline: status, latency, the receiver's answer.
    await page.locator('[data-testid=deliveries] tr', { hasText: 'failed' }).first().click();
    const timeline = await shows(page.getByTestId('timeline'), 'down for maintenance');
    expect(timeline).toMatch(/#1 .* 500 · \d+ ms/);

    suite.receiver.respondWith(() => ({ status: 200, body: 'back' }));
    await page.getByRole('button', { name: 'Resend' }).click();
    await shows(page.getByTestId('timeline'), /#2 .* 200 · \d+ ms/);
    await shows(page.getByTestId('endpoint-state'), 'healthy');
    const figures = await shows(page.getByTestId('figures-last-hour'), /attempts\s+3/);
    expect(figures).toMatch(/succeeded\s+2/);
    expect(figures).toMatch(/failed\s+1/);
  });

  it('recovers the failed deliveries since a time', async () => {
    suite.receiver.respondWith(() => ({ status: 500, body: 'down again' }));
    const before = suite.receiver.requests.length;
    await page.getByRole('button', { name: 'Send test event' }).click();
    const sent = (await suite.receiver.waitForRequests(before + 1)).at(-1)!;
    await shows(page.getByTestId('test-result'), new RegExp(`Failed: 500 .*${sent.headers['webhook-id']}`));
    suite.receiver.respondWith(() => ({ status: 200, body: 'back' }));
    // The form starts an hour back: every delivery of this test is in range, one of them failed.
    await page.getByRole('button', { name: 'Recover' }).click();
    await shows(page.locator('main'), '1 deliveries pending again.');
    const figures = await shows(page.getByTestId('figures-last-hour'), /attempts\s+5/);
    expect(figures).toMatch(/succeeded\s+3/);
    expect(figures).toMatch(/failed\s+2/);
  });

  it('reveals the signing secret on request, and rotates it', async () => {
    await page.getByRole('button', { name: 'Reveal' }).click();
    const before = (await owner.client.get(`/api/v1/webhooks/${endpointId}/secret`)).body.secret as string;
    await shows(page.getByTestId('secret'), before);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Rotate' }).click();
    await shows(page.locator('main'), 'The previous secret signs too until');
    const after = (await owner.client.get(`/api/v1/webhooks/${endpointId}/secret`)).body.secret as string;
    expect(after).not.toBe(before);
    await shows(page.getByTestId('secret'), after);
  });

  it('starts a replay from the form, shows its progress, pauses and resumes it', async () => {
    // Events for another organization: the replay reads them all and delivers none of them.
    const events = Array.from({ length: 1000 }, (_, i) =>
      createEvent({
        type: 'device.online',
        source: 'device',
        orgId: 'org_elsewhere',
        data: {
          device_id: `dev_${i}`,
          device_name: `D${i}`,
          status: 'online',
          previous_status: 'offline',
          timestamp: new Date().toISOString(),
        },
      }),
    );
    await suite.f.publisher.publishAll(events);

    await page.getByRole('link', { name: 'Replays' }).click();
    await page.getByLabel('Replay endpoint').selectOption(endpointId);
    await page.getByRole('button', { name: 'Start replay' }).click();
    const card = page.locator('[data-replay]').first();
    await shows(card, 'running');
    await card.getByRole('button', { name: 'Pause' }).click();
    await shows(card, 'paused');

    const [replay] = (await owner.client.get('/api/v1/webhooks/replays')).body.data;
    expect(replay).toMatchObject({ status: 'paused', endpoint_id: endpointId });
    expect(replay.sequences_done).toBeLessThan(replay.sequences_total);
    await shows(card, `/ ${replay.sequences_total} (`);

    await card.getByRole('button', { name: 'Resume' }).click();
    await waitFor('the replay to complete', async () => ((await card.textContent()) ?? '').includes('completed'), { timeoutMs: 60_000 });
    await shows(card, `${replay.sequences_total} / ${replay.sequences_total} (100%)`);
  }, 90_000);

  it('edits the endpoint: a filter and a rate limit', async () => {
    await page.getByRole('link', { name: 'Endpoints' }).click();
    await page.locator(`[data-endpoint="${endpointId}"] a`).click();
    await page.getByRole('link', { name: 'Edit' }).click();
    await shows(page.locator('h1'), 'Edit endpoint');
    await page.getByLabel('Filter (JSON, optional)').fill('[{"path": "data.plan_tier", "op": "eq", "value": "enterprise"}]');
    await page.getByLabel('Rate limit (per second)').fill('5');
    await page.getByRole('button', { name: 'Save' }).click();
    await shows(page.locator('main'), '1 filter condition(s)');
    const saved = (await owner.client.get(`/api/v1/webhooks/${endpointId}`)).body;
    expect(saved).toMatchObject({
      filter: [{ path: 'data.plan_tier', op: 'eq', value: 'enterprise' }],
      rate_limit_per_second: 5,
      max_concurrency: 4,
      description: 'Orders app',
    });
  });
});
