import { execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { readStream, waitFor } from '@ops/testing';
import { describe, expect, it } from 'vitest';
import { ADMIN, usePlatformFixture } from './platform.fixture.js';

/** The operator CLI against the running platform, as a person runs it (the built binary: `pnpm build` first). */
const run = promisify(execFile);
const opsctl = fileURLToPath(new URL('../infra/opsctl/dist/main.js', import.meta.url));
const suite = usePlatformFixture();

const cliEnv = (token: string) => ({
  ...process.env,
  OPS_API: suite.f.platform.gateway.url,
  OPS_TOKEN: token,
  NATS_URL: suite.f.stream.env.NATS_URL,
  EVENTS_STREAM: suite.f.stream.env.EVENTS_STREAM,
});

async function cli(args: string[], token = suite.f.adminToken): Promise<{ stdout: string; stderr: string; code: number }> {
  const env = cliEnv(token);
  try {
    const { stdout, stderr } = await run(process.execPath, [opsctl, ...args], { env });
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

/** The CLI with `input` on its stdin (then closed) and `env` on top of the usual. */
function cliWithInput(
  args: string[],
  options: { input?: string; env?: Record<string, string> } = {},
): Promise<{ stdout: string; stderr: string; code: number | null }> {
  const child = spawn(process.execPath, [opsctl, ...args], { env: { ...cliEnv(suite.f.adminToken), ...options.env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(options.input ?? '');
  return new Promise((resolve) => child.on('close', (code) => resolve({ stdout, stderr, code })));
}

describe('opsctl', () => {
  it('says its version', async () => {
    const { stdout, code } = await cli(['--version']);
    expect([code, stdout.trim()]).toEqual([0, '0.1.0']);
  });

  it('logs in with the password from OPS_PASSWORD or its prompt, never from the command line', async () => {
    const fromEnv = await cliWithInput(['login', '--email', ADMIN.email], { env: { OPS_PASSWORD: ADMIN.password } });
    expect(fromEnv.stdout).toMatch(/^export OPS_TOKEN=\S+\n$/);
    const fromPrompt = await cliWithInput(['--json', 'login', '--email', ADMIN.email], { input: `${ADMIN.password}\n` });
    expect(JSON.parse(fromPrompt.stdout)).toMatchObject({ token_type: 'Bearer', user: { email: ADMIN.email } });
    const wrong = await cliWithInput(['login', '--email', ADMIN.email], { input: 'not-the-password\n' });
    expect([wrong.code, wrong.stderr]).toEqual([1, expect.stringMatching(/^opsctl: OPS_ERR_UNAUTHENTICATED/)]);
    const inArgv = await cli(['login', '--email', ADMIN.email, '--password', ADMIN.password]);
    expect([inArgv.code, inArgv.stderr]).toEqual([1, expect.stringMatching(/unknown option '--password'/)]);
  });

  it('creates, shows, changes, tests and deletes an endpoint, and rotates its secret', async () => {
    const created = JSON.parse(
      (
        await cli([
          '--json',
          'endpoint',
          'create',
          '--url',
          suite.receiver.url,
          '--event',
          'user.created',
          'user.login',
          '--description',
          'from opsctl',
        ])
      ).stdout,
    );
    expect(created).toMatchObject({
      url: suite.receiver.url,
      events: ['user.created', 'user.login'],
      description: 'from opsctl',
      secret: expect.stringMatching(/^whsec_/),
    });
    const shown = await cli(['endpoint', 'get', created.id]);
    expect(shown.stdout.split('\n')[0]).toMatch(/^id\s+org_id\s+url\s+active/);
    const updated = JSON.parse(
      (await cli(['--json', 'endpoint', 'update', created.id, '--event', 'user.*', '--filter', '[{"path":"data.email","op":"exists"}]']))
        .stdout,
    );
    expect(updated).toMatchObject({
      id: created.id,
      events: ['user.*'],
      filter: [{ path: 'data.email', op: 'exists' }],
      description: 'from opsctl',
    });
    expect((await cli(['endpoint', 'update', created.id, '--filter', 'nope'])).stderr).toMatch(/--filter: not JSON/);

    suite.receiver.respondWith(() => ({ status: 200 }));
    const tested = JSON.parse((await cli(['--json', 'endpoint', 'test', created.id])).stdout);
    expect(tested).toMatchObject({ succeeded: true, status_code: 200 });
    const rotated = JSON.parse((await cli(['--json', 'secret', 'rotate', created.id, '--overlap', '60'])).stdout);
    expect(rotated.secret).not.toBe(created.secret);
    expect(Date.parse(rotated.previous_expires_at) - Date.now()).toBeLessThanOrEqual(60_000);

    expect((await cli(['endpoint', 'delete', created.id])).stdout).toBe(`endpoint ${created.id} deleted\n`);
    expect((await cli(['endpoint', 'get', created.id])).stderr).toMatch(/OPS_ERR_NOT_FOUND/);
  });

  it('lists the event catalog', async () => {
    const table = await cli(['events']);
    expect(table.stdout).toMatch(/^catalog version \d+ \(revision \w+\), \d+ types\ntype\s+sources\s+description/);
    expect(table.stdout).toMatch(/\nuser\.created\s+user\s/);
    const json = JSON.parse((await cli(['--json', 'events'])).stdout);
    expect(json.events.map((e: { type: string }) => e.type)).toContain('webhook.endpoint.disabled');
  });

  it('finds the deliveries of one event, and prints resend and recover as columns unless --json', async () => {
    const hooks = suite.f.webhooks(suite.f.adminToken);
    const endpoint = (await hooks.post('/api/v1/webhooks', { url: suite.receiver.url, events: ['user.created'] })).body;
    suite.receiver.respondWith(() => ({ status: 200 }));
    await suite.f.users.post('/auth/register', { email: 'lookup@example.com', password: 'long-enough-password', name: 'Lookup' });
    const event = await waitFor('the registration on the stream', async () =>
      (await readStream(suite.f.stream)).find((e) => e.type === 'user.created' && e.data.email === 'lookup@example.com'),
    );
    const found = await waitFor('its delivery to succeed', async () => {
      const rows = JSON.parse((await cli(['--json', 'event', event.id])).stdout || '[]') as Array<Record<string, unknown>>;
      return rows.find((d) => d.endpoint_id === endpoint.id && d.status === 'succeeded');
    });
    expect(found).toMatchObject({ event_id: event.id, attempt_count: 1 });
    expect((await cli(['event', event.id])).stdout.split('\n')[0]).toMatch(/^endpoint_id\s+id\s+event\s+status/);
    expect((await cli(['event', 'evt_unknown'])).stderr).toMatch(/^opsctl: OPS_ERR_NOT_FOUND/);

    const resent = await cli(['resend', endpoint.id, String(found.id)]);
    expect(resent.stdout).toMatch(new RegExp(`^id\\s+event\\s+status.*\\n${found.id}\\s+user\\.created\\s+pending`));
    expect(
      JSON.parse((await cli(['--json', 'recover', endpoint.id, '--since', new Date(Date.now() - 60_000).toISOString()])).stdout),
    ).toEqual({ recovered: 0 });
    expect((await cli(['recover', endpoint.id, '--since', new Date(Date.now() - 60_000).toISOString()])).stdout).toBe(
      `0 failed deliveries of ${endpoint.id} queued to be sent again\n`,
    );
  });

  it('follows the pages of a list: --limit across pages, --all to the end', async () => {
    const hooks = suite.f.webhooks(suite.f.adminToken);
    for (let i = 0; i < 11; i++) {
      await Promise.all(
        Array.from({ length: 10 }, () =>
          hooks.post('/api/v1/webhooks', { url: suite.receiver.url, events: ['device.online'], org_id: 'org_pages' }),
        ),
      );
    }
    const all = JSON.parse((await cli(['--json', 'endpoints', '--org', 'org_pages', '--all'])).stdout) as Array<{ id: string }>;
    expect(all).toHaveLength(110);
    expect(new Set(all.map((e) => e.id)).size).toBe(110);
    const some = JSON.parse((await cli(['--json', 'endpoints', '--org', 'org_pages', '--limit', '105'])).stdout) as Array<{ id: string }>;
    expect(some.map((e) => e.id)).toEqual(all.slice(0, 105).map((e) => e.id));
    expect(JSON.parse((await cli(['--json', 'endpoints', '--org', 'org_pages'])).stdout)).toHaveLength(50);
    expect((await cli(['endpoints', '--limit', '0'])).stderr).toMatch(/--limit: a whole number from 1/);
  });

  it("shows the stream and the webhook service's consumer", async () => {
    const { stdout, code } = await cli(['--json', 'stream']);
    expect(code).toBe(0);
    const status = JSON.parse(stdout);
    expect(status.stream).toBe(suite.f.stream.env.EVENTS_STREAM);
    expect(status.consumers.map((c: { name: string }) => c.name)).toContain('webhook-ingest');
  });

  it('lists endpoints, disables and enables one, and shows its deliveries', async () => {
    const created = await suite.f
      .webhooks(suite.f.adminToken)
      .post('/api/v1/webhooks', { url: suite.receiver.url, events: ['user.created'] });
    const listed = JSON.parse((await cli(['--json', 'endpoints', '--all'])).stdout);
    expect(listed.map((e: { id: string }) => e.id)).toContain(created.body.id);

    expect((await cli(['disable', created.body.id])).stdout).toMatch(new RegExp(`${created.body.id}\\s+\\S+\\s+false`));
    expect((await suite.f.webhooks(suite.f.adminToken).get(`/api/v1/webhooks/${created.body.id}`)).body.active).toBe(false);
    await cli(['enable', created.body.id]);
    expect((await suite.f.webhooks(suite.f.adminToken).get(`/api/v1/webhooks/${created.body.id}`)).body.active).toBe(true);

    const table = await cli(['deliveries', created.body.id]);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^id\s+event\s+status\s+attempt_count/);
  });

  it('lists the messages ingest refused, with why and where they were published', async () => {
    const subject = `${suite.f.stream.env.EVENTS_SUBJECT_PREFIX}.device.online`;
    // A plain publish: the stream stores it all the same. Shaped enough for the other tests' readStream (a `data`).
    suite.f.nats.publish(subject, '{"id": "evt_forged", "data": {}}');
    const listed = await waitFor('the dead letter listed', async () => {
      const out = JSON.parse((await cli(['--json', 'dead-letters'])).stdout) as { data: Array<Record<string, unknown>> };
      return out.data.find((d) => d.subject === subject);
    });
    expect(listed).toMatchObject({ reason: 'malformed', body: '{"id": "evt_forged", "data": {}}', stream_seq: expect.any(Number) });
    const table = await cli(['dead-letters']);
    expect(table.stdout).toMatch(/^\d+ dead letters\nseq\s+rejected_at\s+reason\s+subject/);
    expect(table.stdout).toContain(subject);
  });

  it("says what went wrong, with the platform's error code, and exits 1", async () => {
    const res = await cli(['endpoints'], 'not-a-token');
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^opsctl: OPS_ERR_UNAUTHENTICATED: /);
    const bad = await cli(['recover', 'ep_x', '--since', 'yesterday']);
    expect(bad.stderr).toMatch(/OPS_ERR_(VALIDATION|NOT_FOUND)/);
  });

  it('replays a range to an endpoint, is paused by Ctrl-C, resumes, and prints a summary', async () => {
    const hooks = suite.f.webhooks(suite.f.adminToken);
    const endpoint = (await hooks.post('/api/v1/webhooks', { url: suite.receiver.url, events: ['user.created'] })).body;
    for (const n of [1, 2, 3])
      await suite.f.users.post('/auth/register', {
        email: `replay${n}@example.com`,
        password: 'long-enough-password',
        name: `Replay ${n}`,
      });
    await waitFor(
      'the live deliveries',
      async () => suite.receiver.requests.filter((q) => JSON.parse(q.body).webhook_id === endpoint.id).length === 3,
    );
    const created = (await readStream(suite.f.stream)).filter(
      (e) => e.type === 'user.created' && String(e.data.email).startsWith('replay'),
    );
    const range = [
      '--from-seq',
      String(created[0]!.seq),
      '--to-seq',
      String(created[2]!.seq),
      '--type',
      'user.created',
      '--endpoint',
      endpoint.id,
    ];

    // With the service's replay worker held, the replay cannot finish before the operator interrupts it.
    await suite.f.platform.webhook.replays.stop();
    const child = spawn(process.execPath, [opsctl, 'replay', 'start', ...range], { env: cliEnv(suite.f.adminToken) });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const id = await waitFor('the replay to start', async () => /replay (rpl_\S+) started/.exec(out)?.[1]);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    expect(out).toMatch(new RegExp(`replay ${id}: paused`));
    expect(out).toContain(`resume with: opsctl replay resume ${id}`);
    expect((await hooks.get(`/api/v1/webhooks/replays/${id}`)).body.status).toBe('paused');

    await suite.f.platform.webhook.replays.start();
    const resumed = await cli(['replay', 'resume', id]);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(new RegExp(`replay ${id}: completed`));
    expect(resumed.stdout).toMatch(/events\s+3 read, 3 matched, 3 deliveries created/);
    await waitFor(
      'the replayed deliveries',
      async () => suite.receiver.requests.filter((q) => q.headers['webhook-replay'] === id).length === 3,
    );

    const listed = JSON.parse((await cli(['--json', 'replay', 'list'])).stdout);
    expect(listed[0]).toMatchObject({ id, status: 'completed' });
    const gone = await cli(['replay', 'start', '--from-seq', '999999', '--endpoint', endpoint.id]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/^opsctl: OPS_ERR_RANGE_NOT_IN_STREAM: from_seq: beyond the newest event/);
    expect((await cli(['replay', 'start', '--from-seq', 'soon'])).stderr).toMatch(/a stream sequence/);
  });

  it("verifies each service's outbox against the stream and republishes from it, for platform admins only", async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    await suite.f.users.post('/auth/register', { email: 'outbox-check@example.com', password: 'SecurePass123!', name: 'Outbox' });
    await waitFor('the registration on the stream', async () =>
      (await readStream(suite.f.stream)).some((e) => e.data.email === 'outbox-check@example.com'),
    );
    const verified = await cli(['--json', 'outbox', 'verify']);
    expect(verified.code).toBe(0);
    const byService = JSON.parse(verified.stdout) as Array<{ service: string; lost: number }>;
    expect(byService.map((r) => r.service)).toEqual(['user', 'org', 'subscription', 'device', 'webhook']);
    expect(byService.every((r) => r.lost === 0)).toBe(true);

    const republished = JSON.parse((await cli(['--json', 'outbox', 'republish', '--service', 'user', '--since', since])).stdout);
    expect(republished[0]).toMatchObject({ service: 'user' });
    expect(republished[0].republished).toBeGreaterThanOrEqual(1);
    // Published again within the duplicate window: JetStream drops the repeat.
    await waitFor('the outbox published again', async () => (await suite.f.platform.user.runtime.relay!.lag()).pending === 0);
    expect(
      (await readStream(suite.f.stream)).filter((e) => e.data.email === 'outbox-check@example.com' && e.type === 'user.created'),
    ).toHaveLength(1);

    const user = (await suite.f.users.post('/auth/login/password', { email: 'outbox-check@example.com', password: 'SecurePass123!' })).body
      .access_token as string;
    const refused = await cli(['outbox', 'verify', '--service', 'user'], user);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/OPS_ERR_FORBIDDEN/);
    expect((await cli(['outbox', 'republish', '--service', 'user', '--since', 'soon'])).stderr).toMatch(/OPS_ERR_VALIDATION: since/);
  });
});
