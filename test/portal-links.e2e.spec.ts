import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadSigningKey, TokenIssuer } from '@ops/auth';
import { startGatewayService } from '@ops/gateway-service';
import { waitFor } from '@ops/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBrowser } from './browser.fixture.js';
import { usePlatformFixture, type Person } from './platform.fixture.js';

// Any loopback origin may frame the console here: the iframe test's host page runs on a port of its own.
const suite = usePlatformFixture({ CONSOLE_FRAME_ANCESTORS: "'self' http://127.0.0.1:*" });
const browser = useBrowser();

let owner: Person;
let member: Person;
let outsider: Person;
let orgA: string;
let orgB: string;
const urls = { a: '', b: '' };
let hostPage: Server;

const gatewayUrl = () => suite.f.platform.gateway.url;
const admin = () => ({ client: suite.f.gateway(suite.f.adminToken) });
const mint = (person: { client: Person['client'] }, orgId: string) => person.client.post('/auth/portal-links', { org_id: orgId });

async function pageText(page: Page, text: string): Promise<string> {
  return waitFor(`the page to show "${text}"`, async () => {
    const content = (await page.locator('body').textContent()) ?? '';
    return content.includes(text) ? content : null;
  });
}

beforeAll(async () => {
  owner = await suite.f.signUp('owner@example.com');
  member = await suite.f.signUp('member@example.com');
  outsider = await suite.f.signUp('outsider@example.com');
  orgA = (await owner.client.post('/api/v1/org', { name: 'Org A', plan_tier: 'starter' })).body.organization_id;
  orgB = (await outsider.client.post('/api/v1/org', { name: 'Org B', plan_tier: 'starter' })).body.organization_id;
  await waitFor(
    'the member to be addable',
    async () => (await owner.client.post(`/api/v1/org/${orgA}/members`, { email: member.email, role: 'admin' })).status === 201,
  );
  urls.a = `${suite.receiver.url}/org-a`;
  urls.b = `${suite.receiver.url}/org-b`;
  expect((await owner.client.post('/api/v1/webhooks', { url: urls.a, events: ['organization.*'], org_id: orgA })).status).toBe(201);
  expect((await outsider.client.post('/api/v1/webhooks', { url: urls.b, events: ['organization.*'], org_id: orgB })).status).toBe(201);
  hostPage = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'text/html' }).end(`<h1>Partner site</h1><iframe id="portal" width="1200" height="700"></iframe>`),
  );
  await new Promise<void>((resolve) => hostPage.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await new Promise((resolve) => hostPage?.close(resolve));
});

describe('minting a portal link', () => {
  it("is for the organization's owners and platform admins only", async () => {
    const link = await mint(owner, orgA);
    expect(link.status).toBe(201);
    expect(link.body).toMatchObject({ org_id: orgA, path: `/console/#/portal/${link.body.token}` });
    expect(Date.parse(link.body.expires_at) - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(Date.parse(link.body.expires_at) - Date.now()).toBeLessThanOrEqual(15 * 60_000);
    expect((await mint(admin(), orgA)).status).toBe(201);
    expect((await mint(member, orgA)).status).toBe(403);
    expect((await mint(outsider, orgA)).status).toBe(404);
    expect((await mint(owner, 'org_nonexistent')).status).toBe(404);
    expect((await mint(owner, '../x')).status).toBe(400);
  });

  it('gives a token that reaches its organization only, and no admin or other route', async () => {
    const portal = suite.f.gateway((await mint(owner, orgA)).body.token);
    const list = await portal.get('/api/v1/webhooks');
    expect(list.body.data.map((e: { url: string }) => e.url)).toEqual([urls.a]);
    const theirs = (await outsider.client.get(`/api/v1/webhooks?org_id=${orgB}`)).body.data[0].id;
    expect((await portal.get(`/api/v1/webhooks/${theirs}`)).status).toBe(404);
    expect((await portal.get(`/api/v1/webhooks/${theirs}/deliveries`)).status).toBe(404);
    for (const path of [
      '/api/v1/admin/webhooks/status',
      '/api/v1/admin/users',
      '/api/v1/org',
      `/api/v1/org/${orgA}`,
      '/auth/me',
      '/api/v1/webhooks/replays',
    ]) {
      expect((await portal.get(path)).status, path).toBe(403);
    }
    // A portal link cannot mint another, longer one.
    expect((await portal.post('/auth/portal-links', { org_id: orgA })).status).toBe(403);
  });
});

describe('a portal link in a browser', () => {
  it('shows its organization only, with no sign-in and no admin page, and keeps the token out of the address', async () => {
    const link = (await mint(admin(), orgA)).body;
    const page = await browser.fresh();
    await page.goto(`${gatewayUrl()}${link.path}`);
    const text = await pageText(page, urls.a);
    expect(text).toContain(`Organization ${orgA}`);
    expect(text).not.toContain(urls.b);
    expect(text).not.toContain('Sign in');
    expect(text).not.toContain('Platform status');
    expect(text).not.toContain('Replays');
    expect(page.url()).not.toContain(link.token);

    // Typed addresses of pages outside the portal show the portal's endpoints instead.
    await page.goto(`${gatewayUrl()}/console/#/status`);
    expect(await pageText(page, urls.a)).not.toContain('Consumer lag');
    await page.goto(`${gatewayUrl()}/console/#/replays`);
    expect(await pageText(page, urls.a)).not.toContain('Start replay');
    await page.context().close();
  });

  it('works inside an iframe of another origin that frame-ancestors allows', async () => {
    const link = (await mint(owner, orgA)).body;
    const page = await browser.fresh();
    await page.goto(`http://127.0.0.1:${(hostPage.address() as AddressInfo).port}/`);
    await page.locator('#portal').evaluate((frame, src) => frame.setAttribute('src', src), `${gatewayUrl()}${link.path}`);
    const frame = page.frameLocator('#portal');
    const text = await waitFor('the framed portal to show the endpoint', async () => {
      const content =
        (await frame
          .locator('body')
          .textContent()
          .catch(() => '')) ?? '';
      return content.includes(urls.a) ? content : null;
    });
    expect(text).not.toContain(urls.b);
    await page.context().close();
  });

  it('is refused inside a frame of a site frame-ancestors does not list (the default: this origin only)', async () => {
    const p = suite.f.platform;
    const strict = await startGatewayService({
      GATEWAY_PORT: '0',
      LOG_LEVEL: 'silent',
      USER_URL: p.user.url,
      WEBHOOK_URL: p.webhook.url,
      ORG_URL: p.org.url,
      SUBSCRIPTION_URL: p.subscription.url,
      DEVICE_URL: p.device.url,
    });
    try {
      const link = (await mint(owner, orgA)).body;
      const page = await browser.fresh();
      await page.goto(`http://127.0.0.1:${(hostPage.address() as AddressInfo).port}/`);
      await page.locator('#portal').evaluate((frame, src) => frame.setAttribute('src', src), `${strict.url}${link.path}`);
      // Chromium shows its own error page in the frame instead of the console.
      const text = await waitFor('the frame to be refused', async () => {
        const content =
          (await page
            .frameLocator('#portal')
            .locator('body')
            .textContent()
            .catch(() => '')) ?? '';
        return content.includes('refused to connect') ? content : null;
      });
      expect(text).not.toContain(urls.a);
      await page.context().close();
    } finally {
      await strict.close();
    }
  });

  it('refuses an expired link, in the browser and at the API', async () => {
    // Signed as the user service signs, already expired: the platform never mints one for less than a minute.
    const key = loadSigningKey({ file: suite.f.jwtKeyFile });
    const expired = await new TokenIssuer(key, 60).issuePortal({ userId: owner.userId, email: owner.email }, orgA, -60);
    expect((await suite.f.gateway(expired.accessToken).get('/api/v1/webhooks')).status).toBe(401);

    const page = await browser.fresh();
    await page.goto(`${gatewayUrl()}/console/#/portal/${expired.accessToken}`);
    const text = await pageText(page, 'expired');
    expect(text).not.toContain(urls.a);
    expect(text).not.toContain('Password');
    await page.context().close();
  });
});
