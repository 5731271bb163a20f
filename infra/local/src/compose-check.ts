import { execFile } from 'node:child_process';
import { createServer, connect, type Server } from 'node:net';
import { promisify } from 'node:util';
import { api, waitFor, WebhookTally } from '@ops/testing';

/**
 * The compose stack's check, run by `bash infra/compose/check.sh` once the stack is up: the seed's walk-through
 * against its gateway, then the EVENTS stream's leader (one of the three NATS nodes) and one webhook replica
 * killed and kept down while a user renames themself and creates organizations (the user and org services
 * publish), both started again, more of the same; then the org service's process crashes and must come back. Every
 * event each step caused must reach the receiver on this machine, signature verified, and every delivery must be
 * logged as succeeded. Exits 1 naming what is missing.
 */
const project = process.env.COMPOSE_PROJECT_NAME ?? 'ops-center';
const gatewayUrl = process.env.OPS_API ?? 'http://127.0.0.1:8084';
/** The host's address on the stack's network: where containers reach this process's receiver. */
const hostAddress = process.env.RECEIVER_HOST ?? '10.89.40.1';
const changesPerPhase = Number(process.env.CHANGES_PER_PHASE ?? 20);
const admin = { email: process.env.ADMIN_EMAIL ?? 'admin@example.com', password: process.env.ADMIN_PASSWORD ?? '' };
const run = promisify(execFile);
const out = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

async function podman(...args: string[]): Promise<string> {
  return (await run('podman', args)).stdout.trim();
}

/** The container running a compose service, found by the labels compose gives it. */
async function container(service: string): Promise<string> {
  const labels = [`label=com.docker.compose.project=${project}`, `label=com.docker.compose.service=${service}`];
  const name = await podman('ps', '-a', ...labels.flatMap((label) => ['--filter', label]), '--format', '{{.Names}}');
  if (!name) throw new Error(`no container for service ${service} in project ${project}`);
  return name.split('\n')[0];
}

/** Runs the container's own health check (compose's `healthcheck:`; podman runs none on its own without systemd). */
async function healthy(name: string): Promise<boolean> {
  return podman('healthcheck', 'run', name).then(
    () => true,
    () => false,
  );
}

/** The part of a NATS node's `/jsz?streams=true` answer the check reads. */
interface JetStreamReport {
  account_details?: { stream_detail?: { name: string; cluster?: { leader?: string } }[] }[];
}

/** Asks a NATS node's monitoring port, from inside the stack's network. */
async function natsMonitor(node: string, path: string): Promise<JetStreamReport> {
  const script = `fetch('http://${node}:8222${path}').then((r) => r.text()).then((t) => process.stdout.write(t))`;
  return JSON.parse(await podman('exec', await container('webhook-1'), 'node', '-e', script));
}

async function streamLeader(): Promise<string> {
  for (const node of ['nats-1', 'nats-2', 'nats-3']) {
    const jsz = await natsMonitor(node, '/jsz?streams=true').catch(() => undefined);
    const stream = jsz?.account_details?.flatMap((a) => a.stream_detail ?? []).find((s) => s.name === 'EVENTS');
    if (stream?.cluster?.leader) return stream.cluster.leader;
  }
  throw new Error('no NATS node names a leader for the EVENTS stream');
}

/**
 * The receiver: WebhookTally verifies signatures and counts events once each, on loopback; this forwards the
 * host's address on the stack's network to it, since containers cannot reach the host's loopback.
 */
async function receiverOnStackNetwork(tally: WebhookTally): Promise<{ url: string; server: Server }> {
  const target = new URL(tally.url);
  const server = createServer((socket) => {
    const upstream = connect(Number(target.port), '127.0.0.1');
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, hostAddress, resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://${hostAddress}:${port}${target.pathname}`, server };
}

async function step<T = Record<string, never>>(
  what: string,
  call: () => Promise<{ status: number; body: T }>,
  { quiet = false } = {},
): Promise<T> {
  const res = await call();
  if (res.status >= 400) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  if (!quiet) out(`  → ${what} (${res.status})`);
  return res.body;
}

/** What the receiver must get: `<event>:<email or name>`, one per state change the check made. */
const expected = new Set<string>();
const keyOf = (body: Record<string, unknown>) => {
  const data = body.data as Record<string, unknown>;
  const byName = body.event === 'organization.created' || body.event === 'user.profile_updated';
  return `${body.event}:${byName ? data.name : data.email}`;
};

/**
 * One phase's load, through two publishing services: the user renames themself and creates organizations
 * (registrations would meet the per-address limit on POST /auth/register, 5 a minute).
 */
async function changesFrom(phase: string, user: ReturnType<typeof api>): Promise<void> {
  await Promise.all(
    Array.from({ length: changesPerPhase }, async (_, i) => {
      const name = `${phase} ${i} ${Date.now()}`;
      await step(`rename to "${name}"`, () => user.patch('/auth/me', { name }), { quiet: true });
      expected.add(`user.profile_updated:${name}`);
      await step(`create organization "${name}"`, () => user.post('/api/v1/org', { name, plan_tier: 'professional' }), { quiet: true });
      expected.add(`organization.created:${name}`);
    }),
  );
  out(`  → ${changesPerPhase} renames and ${changesPerPhase} organizations`);
}

async function allDelivered(tally: WebhookTally, phase: string, since: number): Promise<void> {
  const received = () => tally.lost(expected, keyOf).length === 0;
  await waitFor(`every event at the receiver (${phase})`, received, { timeoutMs: 120_000, intervalMs: 200 }).catch((error: Error) => {
    throw new Error(`${error.message}\nnot received: ${tally.lost(expected, keyOf).join(', ')}`);
  });
  if (tally.badSignatures > 0) throw new Error(`${tally.badSignatures} requests with a signature that does not verify`);
  const repeats = `${tally.duplicates} repeats`;
  out(`  ✔ all ${expected.size} events so far received, signatures valid (${repeats}), ${seconds(since)} after the phase began`);
}

async function main(): Promise<void> {
  const started = Date.now();
  const services = ['postgres', 'user', 'org', 'subscription', 'device', 'webhook-1', 'webhook-2', 'gateway'];
  const containers = await Promise.all(services.map(container));
  // One at a time: eight health checks at once, each starting node in its container, time out on two cores.
  for (const name of containers) await waitFor(`${name} healthy`, () => healthy(name), { timeoutMs: 180_000, intervalMs: 1000 });
  out(`stack healthy (${services.join(', ')}), ${seconds(started)} after the check began`);

  const tally = await WebhookTally.start();
  const receiver = await receiverOnStackNetwork(tally);
  try {
    out('walk-through (seed: ops-center-webhooks-writeup.md, "Testing the Integration")');
    let phase = Date.now();
    const gateway = api(gatewayUrl);
    const session = await step('admin signs in', () => gateway.post('/auth/login/password', admin));
    const asAdmin = api(gatewayUrl, session.access_token);
    const endpoint = await step('1. create a webhook', () =>
      asAdmin.post('/api/v1/webhooks', {
        url: receiver.url,
        events: ['user.created', 'user.login', 'device.online', 'organization.created', 'subscription.updated', 'user.profile_updated'],
        description: 'Test webhook',
        active: true,
      }),
    );
    tally.verifyWith(endpoint.secret);
    const email = `test-${Date.now()}@example.com`;
    await step('2. register', () => gateway.post('/auth/register', { email, password: 'SecurePass123!', name: 'Test User' }));
    expected.add(`user.created:${email}`);
    const login = await step('   sign in', () => gateway.post('/auth/login/password', { email, password: 'SecurePass123!' }));
    expected.add(`user.login:${email}`);
    const user = api(gatewayUrl, login.access_token);
    const organization = `Test Organization ${Date.now()}`;
    await step('   create an organization', () => user.post('/api/v1/org', { name: organization, plan_tier: 'professional' }));
    expected.add(`organization.created:${organization}`);
    // The subscription service opens the trial when it consumes user.created: 404 until then.
    const subscriptionChange = async () => {
      const res = await asAdmin.patch(`/api/v1/admin/subscriptions/${email}`, { tier: 'professional', status: 'active' });
      return res.status === 404 ? null : res;
    };
    const subscriptionReady = () => waitFor("the new user's subscription", subscriptionChange, { timeoutMs: 30_000, intervalMs: 200 });
    await step('   update the subscription (admin)', subscriptionReady);
    expected.add(`subscription.updated:${email}`);
    await allDelivered(tally, 'walk-through', phase);
    const deliveries = await step('3. check the deliveries', () => asAdmin.get(`/api/v1/webhooks/${endpoint.id}/deliveries`));
    out(`     ${deliveries.data.map((d: { event: string; status: string }) => `${d.event}: ${d.status}`).join(', ')}`);
    await step('   the event catalog', () => asAdmin.get('/api/v1/webhooks/events/available'));
    // What a person opens: the console, and the API reference over the document merged from every service.
    for (const [what, path, type] of [
      ['the console', '/console/', 'text/html'],
      ['the API reference', '/docs', 'text/html'],
      ['the API document', '/openapi.json', 'application/json'],
    ] as const) {
      const res = await fetch(`${gatewayUrl}${path}`);
      if (!res.ok || !res.headers.get('content-type')?.startsWith(type))
        throw new Error(`${what} (${path}): ${res.status} ${res.headers.get('content-type')}`);
      out(`  → ${what} (${res.status})`);
    }

    const leader = await streamLeader();
    out(`losing ${leader} (the EVENTS stream's leader) and webhook-2: killed, kept down`);
    const lost = [await container(leader), await container('webhook-2')];
    await podman('stop', '--time', '0', ...lost);
    phase = Date.now();
    await changesFrom('while down', user);
    await allDelivered(tally, 'one NATS node and one webhook replica down', phase);
    out(`  EVENTS stream leader now: ${await streamLeader()}`);

    out(`starting ${leader} and webhook-2 again`);
    await podman('start', ...lost);
    phase = Date.now();
    await waitFor('webhook-2 healthy', () => healthy(lost[1]), { timeoutMs: 120_000, intervalMs: 1000 });
    await waitFor(
      `${leader} current in the EVENTS stream again`,
      async () => {
        const jsz = await natsMonitor(leader, '/jsz?streams=true').catch(() => undefined);
        return jsz?.account_details?.some((a) => a.stream_detail?.some((s) => s.name === 'EVENTS')) ?? false;
      },
      { timeoutMs: 120_000, intervalMs: 1000 },
    );
    out(`  both back, ${seconds(phase)}`);
    phase = Date.now();
    await changesFrom('after return', user);
    await allDelivered(tally, 'after both returned', phase);

    out('the org service crashes (its process killed from the host, not through podman)');
    await crashAndRestart(await container('org'));
    phase = Date.now();
    await changesFrom('after the crash', user);
    await allDelivered(tally, 'after the org service restarted', phase);

    const failed = await asAdmin.get(`/api/v1/webhooks/${endpoint.id}/deliveries?status=failed`);
    if (failed.body.data.length > 0) throw new Error(`failed deliveries: ${JSON.stringify(failed.body.data)}`);
    const succeeded = await countSucceeded(asAdmin, endpoint.id);
    if (succeeded < expected.size) throw new Error(`the delivery log shows ${succeeded} succeeded deliveries for ${expected.size} events`);
    out(`✔ ${expected.size} events, every one delivered and logged as succeeded; check took ${seconds(started)}`);
  } finally {
    receiver.server.close();
    await tally.receiver.close();
  }
}

/**
 * A process that dies on its own is started again by the restart policy (`unless-stopped`); `podman kill` and
 * `podman stop` would count as stopped by the user and leave it down, so the signal goes to its PID.
 */
async function crashAndRestart(name: string): Promise<void> {
  const restarts = async () => Number(await podman('inspect', name, '--format', '{{.RestartCount}}'));
  const before = await restarts();
  process.kill(Number(await podman('inspect', name, '--format', '{{.State.Pid}}')), 'SIGKILL');
  const crashed = Date.now();
  await waitFor(`${name} restarted`, async () => (await restarts()) > before, { timeoutMs: 30_000, intervalMs: 200 });
  await waitFor(`${name} healthy again`, () => healthy(name), { timeoutMs: 120_000, intervalMs: 1000 });
  out(`  ✔ restarted by its restart policy and healthy again, ${seconds(crashed)}`);
}

/** Succeeded deliveries in the endpoint's log, page by page. */
async function countSucceeded(client: ReturnType<typeof api>, endpointId: string): Promise<number> {
  let count = 0;
  let before: string | undefined;
  for (;;) {
    const cursor = before ? `&before=${before}` : '';
    const page = await client.get(`/api/v1/webhooks/${endpointId}/deliveries?status=succeeded&limit=100${cursor}`);
    count += page.body.data.length;
    if (!page.body.next_cursor) return count;
    before = page.body.next_cursor;
  }
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    process.stderr.write(`compose check failed: ${error.message}\n`);
    process.exit(1);
  },
);
