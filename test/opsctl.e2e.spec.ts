import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { usePlatformFixture } from './platform.fixture.js';

/** The operator CLI against the running platform, as a person runs it (the built binary: `pnpm build` first). */
const run = promisify(execFile);
const opsctl = fileURLToPath(new URL('../infra/opsctl/dist/main.js', import.meta.url));
const suite = usePlatformFixture();

async function cli(args: string[], token = suite.f.adminToken): Promise<{ stdout: string; stderr: string; code: number }> {
  const env = { ...process.env, OPS_API: suite.f.platform.gateway.url, OPS_TOKEN: token, NATS_URL: suite.f.stream.env.NATS_URL, EVENTS_STREAM: suite.f.stream.env.EVENTS_STREAM };
  try {
    const { stdout, stderr } = await run(process.execPath, [opsctl, ...args], { env });
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

describe('opsctl', () => {
  it('shows the stream and the webhook service\'s consumer', async () => {
    const { stdout, code } = await cli(['--json', 'stream']);
    expect(code).toBe(0);
    const status = JSON.parse(stdout);
    expect(status.stream).toBe(suite.f.stream.env.EVENTS_STREAM);
    expect(status.consumers.map((c: { name: string }) => c.name)).toContain('webhook-ingest');
  });

  it('lists endpoints, disables and enables one, and shows its deliveries', async () => {
    const created = await suite.f.webhooks(suite.f.adminToken).post('/api/v1/webhooks', { url: suite.receiver.url, events: ['user.created'] });
    const listed = JSON.parse((await cli(['--json', 'endpoints'])).stdout);
    expect(listed.map((e: { id: string }) => e.id)).toContain(created.body.id);

    expect((await cli(['disable', created.body.id])).stdout).toMatch(new RegExp(`${created.body.id}\\s+\\S+\\s+false`));
    expect((await suite.f.webhooks(suite.f.adminToken).get(`/api/v1/webhooks/${created.body.id}`)).body.active).toBe(false);
    await cli(['enable', created.body.id]);
    expect((await suite.f.webhooks(suite.f.adminToken).get(`/api/v1/webhooks/${created.body.id}`)).body.active).toBe(true);

    const table = await cli(['deliveries', created.body.id]);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^id\s+event\s+status\s+attempt_count/);
  });

  it('says what went wrong, with the platform\'s error code, and exits 1', async () => {
    const res = await cli(['endpoints'], 'not-a-token');
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^opsctl: OPS_ERR_UNAUTHENTICATED: /);
    const bad = await cli(['recover', 'ep_x', '--since', 'yesterday']);
    expect(bad.stderr).toMatch(/OPS_ERR_(VALIDATION|NOT_FOUND)/);
  });
});
