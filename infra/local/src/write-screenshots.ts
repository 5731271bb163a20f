import { mkdirSync } from 'node:fs';
import { api, launchChromium, Receiver, waitFor } from '@ops/testing';
import type { Page } from 'playwright-core';

/**
 * `pnpm docs:screenshots`, with the platform running (`bash infra/up.sh` in another terminal): gives the
 * console something to show (an organization, an endpoint to a receiver in this process that answers, then
 * fails, then answers again, a replay), then photographs each page of the console, the portal and /docs into
 * docs/images/. Every figure on them comes from the API. What it creates is removed at the end.
 */
const gatewayUrl = process.env.OPS_API ?? 'http://127.0.0.1:8084';
const admin = { email: process.env.ADMIN_EMAIL ?? 'admin@example.com', password: process.env.ADMIN_PASSWORD ?? 'admin-password-change-me' };
const outDir = new URL('../../../docs/images/', import.meta.url);
const out = (line: string) => process.stdout.write(`${line}\n`);

const login = await api(gatewayUrl)
  .post('/auth/login/password', admin)
  .catch(() => undefined);
if (login?.status !== 200) {
  process.stderr.write(
    `docs:screenshots: cannot sign in as ${admin.email} at ${gatewayUrl}: start the platform first (bash infra/up.sh)\n`,
  );
  process.exit(1);
}
const asAdmin = api(gatewayUrl, login.body.access_token);
mkdirSync(outDir, { recursive: true });

const receiver = await Receiver.start();
const org = (await asAdmin.post('/api/v1/org', { name: 'Acme Widgets', plan_tier: 'professional' })).body;
const endpoint = (
  await asAdmin.post('/api/v1/webhooks', {
    url: `${receiver.url}/orders`,
    events: ['organization.*', 'device.alert'],
    description: 'Orders app',
    org_id: org.organization_id,
    max_concurrency: 8,
  })
).body;
const browser = await launchChromium();
try {
  // Some traffic to chart: successes, then a run of failures, then a recovery.
  for (let i = 0; i < 4; i++) await asAdmin.post(`/api/v1/webhooks/${endpoint.id}/test`);
  receiver.respondWith(() => ({ status: 503, body: '{"error":"maintenance window"}' }));
  for (let i = 0; i < 2; i++) await asAdmin.post(`/api/v1/webhooks/${endpoint.id}/test`);

  const page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
  const shoot = async (name: string, target: Page = page) => {
    await target.screenshot({ path: new URL(`${name}.png`, outDir).pathname, fullPage: false });
    out(`→ docs/images/${name}.png`);
  };
  await page.goto(`${gatewayUrl}/console/`);
  await page.getByLabel('Email').fill(admin.email);
  await shoot('console-sign-in');
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Organization').selectOption(org.organization_id);
  await page.locator(`[data-endpoint="${endpoint.id}"]`).getByText('failing').waitFor();
  await page.locator('.figure', { hasText: ' of ' }).waitFor();
  await shoot('console-endpoints');

  await page.locator(`[data-endpoint="${endpoint.id}"] a`).click();
  await page.locator('[data-testid=deliveries] tr', { hasText: 'failed' }).first().click();
  await page.getByTestId('timeline').getByText('maintenance window').waitFor();
  await shoot('console-endpoint');

  await page.goto(`${gatewayUrl}/console/#/endpoints/new`);
  await page.getByLabel('device.alert').hover();
  await page.getByTestId('event-detail').getByText('Example').waitFor();
  await shoot('console-new-endpoint');

  await page.goto(`${gatewayUrl}/console/#/catalog`);
  await page.getByRole('button', { name: 'user.created' }).click();
  await shoot('console-catalog');

  receiver.respondWith(() => ({ status: 200, body: 'ok' }));
  await page.goto(`${gatewayUrl}/console/#/replays`);
  await page.getByLabel('Replay endpoint').selectOption(endpoint.id);
  await page.getByRole('button', { name: 'Start replay' }).click();
  await page.locator('[data-replay]').first().waitFor();
  await shoot('console-replays');

  await page.goto(`${gatewayUrl}/console/#/status`);
  await page.getByTestId('consumers').waitFor();
  await shoot('console-status');

  const link = (await asAdmin.post('/auth/portal-links', { org_id: org.organization_id })).body;
  const portal = await (await browser.newContext({ viewport: { width: 1280, height: 700 } })).newPage();
  await portal.goto(`${gatewayUrl}${link.path}`);
  await portal.locator('.figure', { hasText: ' of ' }).waitFor();
  await shoot('portal', portal);

  const docs = await fetch(`${gatewayUrl}/docs`);
  if (docs.ok) {
    await portal.goto(`${gatewayUrl}/docs`);
    await waitFor('the API reference to render', async () => (await portal.locator('body').textContent())?.includes('webhooks'));
    await shoot('api-docs', portal);
  } else out(`(no /docs at ${gatewayUrl}: HTTP ${docs.status}; its screenshot is left as it was)`);
} finally {
  await browser.close();
  const replays = (await asAdmin.get('/api/v1/webhooks/replays')).body.data as Array<{
    id: string;
    endpoint_id: string | null;
    status: string;
  }>;
  for (const replay of replays.filter((r) => r.endpoint_id === endpoint.id && r.status !== 'cancelled'))
    await asAdmin.post(`/api/v1/webhooks/replays/${replay.id}/cancel`);
  await asAdmin.delete(`/api/v1/webhooks/${endpoint.id}`);
  await asAdmin.delete(`/api/v1/org/${org.organization_id}`);
  await receiver.close();
}
