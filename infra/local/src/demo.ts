import { api, Receiver, waitFor } from '@ops/testing';
import { Webhook } from 'standardwebhooks';

/**
 * `pnpm demo`, with the platform running (`bash infra/up.sh` in another terminal): a webhook to a receiver
 * in this process, then every service driven through its life cycle through the gateway, and each signed event
 * printed as it arrives, its signature verified. Time-driven billing (renewals, invoices, payments, overdue)
 * needs days to pass: the end-to-end test moves a clock for those (test/every-event.e2e.spec.ts).
 */
const gatewayUrl = process.env.OPS_API ?? 'http://127.0.0.1:8084';
const admin = { email: process.env.ADMIN_EMAIL ?? 'admin@example.com', password: process.env.ADMIN_PASSWORD ?? 'admin-password-change-me' };
const out = (line: string) => process.stdout.write(`${line}\n`);

async function step<T>(what: string, call: () => Promise<{ status: number; body: T }>): Promise<T> {
  const res = await call();
  if (res.status >= 400) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  out(`→ ${what} (${res.status})`);
  return res.body;
}

const gateway = api(gatewayUrl);
const login = await gateway.post('/auth/login/password', admin).catch(() => undefined);
if (login?.status !== 200) {
  process.stderr.write(`demo: cannot sign in as ${admin.email} at ${gatewayUrl}: start the platform first (bash infra/up.sh)\n`);
  process.exit(1);
}
const asAdmin = api(gatewayUrl, login.body.access_token);

const receiver = await Receiver.start();
const endpoint = await step('create a webhook for every event, to a local receiver', () =>
  asAdmin.post('/api/v1/webhooks', { url: receiver.url, events: ['*'], description: 'pnpm demo (removed after)' }),
);
const verifier = new Webhook(endpoint.secret);
let shown = 0;
const show = setInterval(() => {
  for (const request of receiver.requests.slice(shown)) {
    const body = verifier.verify(request.body, request.headers as Record<string, string>) as {
      event: string;
      data: Record<string, unknown>;
    };
    out(`   ✔ ${body.event.padEnd(28)} signature valid  ${JSON.stringify(body.data).slice(0, 90)}`);
  }
  shown = receiver.requests.length;
}, 100);

try {
  const email = `demo+${Date.now()}@example.com`;
  const password = 'DemoPass123!';
  const user = await step(`register ${email}`, () => gateway.post('/auth/register', { email, password, name: 'Demo User' }));
  const session = await step('sign in', () => gateway.post('/auth/login/password', { email, password }));
  let me = api(gatewayUrl, session.access_token);
  await step('update the profile', () => me.patch('/auth/me', { name: 'Demo User, renamed' }));
  const changed = await step('change the password', () =>
    me.post('/auth/password', { current_password: password, new_password: `${password}-2` }),
  );
  me = api(gatewayUrl, changed.access_token);

  const org = await step("create an organization (the old design's curl)", () =>
    me.post('/api/v1/org', { name: 'Demo Organization', plan_tier: 'professional' }),
  );
  await step('rename it', () => me.patch(`/api/v1/org/${org.organization_id}`, { name: 'Demo Organization, renamed' }));
  await step("upgrade the subscription, as an admin (the old design's curl)", () =>
    asAdmin.patch(`/api/v1/admin/subscriptions/${email}`, { tier: 'professional', status: 'active', notes: 'pnpm demo' }),
  );

  const device = await step('register a device', () =>
    me.post('/api/v1/devices', {
      org_id: org.organization_id,
      device_name: 'Demo-Sensor',
      hardware_id: `demo-${Date.now()}`,
      firmware_version: '1.0.0',
    }),
  );
  await step('add an alert rule: temperature > 80', () =>
    me.post('/api/v1/devices/alert-rules', {
      org_id: org.organization_id,
      name: 'Overheating',
      metric: 'temperature',
      operator: 'gt',
      threshold: 80,
      severity: 'critical',
    }),
  );
  const beat = (body: Record<string, unknown>) => async () => {
    const res = await fetch(`${gatewayUrl}/api/v1/devices/heartbeat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Device ${device.credential}` },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: null };
  };
  await step('heartbeat, 65 °C', beat({ metrics: { temperature: 65, cpu: 12 } }));
  await step('heartbeat, 91 °C', beat({ metrics: { temperature: 91, cpu: 40 } }));
  await step('heartbeat, 70 °C', beat({ metrics: { temperature: 70, cpu: 15 } }));
  await step('update the firmware', () => me.patch(`/api/v1/devices/${device.device_id}`, { firmware_version: '1.1.0' }));
  await step('the device signs off', beat({ status: 'offline' }));
  await step('remove the device', () => me.delete(`/api/v1/devices/${device.device_id}`));
  await step('cancel the subscription', () => me.post('/api/v1/subscriptions/me/cancel', { reason: 'demo over' }));
  await step('delete the organization', () => me.delete(`/api/v1/org/${org.organization_id}`));
  await step('sign out', () => me.post('/auth/logout'));
  await step('an admin suspends the account', () => asAdmin.patch(`/api/v1/admin/users/${user.user_id}`, { status: 'suspended' }));
  await step('an admin deletes it', () => asAdmin.delete(`/api/v1/admin/users/${user.user_id}`));

  await waitFor('the last event', () => receiver.requests.some((r) => r.body.includes('"event":"user.deleted"')), { timeoutMs: 15_000 });
  await new Promise((resolve) => setTimeout(resolve, 300));
} finally {
  clearInterval(show);
  await asAdmin.delete(`/api/v1/webhooks/${endpoint.id}`);
  await receiver.close();
}
const types = new Set(receiver.requests.map((r) => (JSON.parse(r.body) as { event: string }).event));
out(
  `\n${receiver.requests.length} signed webhooks received and verified, ${types.size} event types. The delivery log: GET ${gatewayUrl}/api/v1/webhooks/{id}/deliveries`,
);
