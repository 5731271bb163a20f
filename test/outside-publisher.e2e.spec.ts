import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { jetstream } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { createEvent, eventDefinition, subjectFor, type EventData } from '@ops/events';
import { createLogger } from '@ops/logger';
import { inboxPrefixFor } from '@ops/messaging';
import { NotAllowedError, Publisher } from '@ops/publisher';
import { createTestDatabase, waitFor } from '@ops/testing';
import { Webhook } from 'standardwebhooks';
import { afterAll, describe, expect, it } from 'vitest';
import { usePlatformFixture } from './platform.fixture.js';

/**
 * An outside team's service publishing to the platform, on a broker with authentication: the example billing job
 * (examples/billing-job, the built binary: `pnpm build` first) delivers a signed webhook; forged events are
 * refused by the broker or dead-lettered by ingest, and never delivered.
 */
const run = promisify(execFile);
const billingJob = fileURLToPath(new URL('../examples/billing-job/dist/main.js', import.meta.url));
const suite = usePlatformFixture({}, { authenticated: true });
const connections: NatsConnection[] = [];
// The broker's refusals are logged as warnings by the publisher; here they are expected.
const quiet = createLogger({ name: 'billing-job', level: 'silent' });
afterAll(async () => {
  for (const nc of connections) await nc.close();
});

const prefix = () => suite.f.stream.env.EVENTS_SUBJECT_PREFIX;
async function as(user: string): Promise<NatsConnection> {
  const nc = await connect({
    servers: suite.f.broker!.url,
    user,
    pass: suite.f.broker!.credentials[user]!.password,
    inboxPrefix: inboxPrefixFor(user),
  });
  connections.push(nc);
  return nc;
}
const example = <T extends 'invoice.created' | 'user.created' | 'device.online'>(type: T) => eventDefinition(type).example as EventData<T>;

describe('an outside publisher', () => {
  it('publishes through its outbox with @ops/publisher, and the event arrives as a signed webhook', async () => {
    const hooks = suite.f.webhooks(suite.f.adminToken);
    const endpoint = (await hooks.post('/api/v1/webhooks', { url: suite.receiver.url, events: ['invoice.created'], org_id: 'org_acme' }))
      .body;
    // The job's own PostgreSQL: its state and its outbox, nothing of the platform's.
    const own = await createTestDatabase();
    const { stdout } = await run(process.execPath, [billingJob], {
      env: {
        ...process.env,
        DATABASE_URL: own.url,
        NATS_URL: suite.f.broker!.url,
        NATS_PASSWORD: suite.f.broker!.credentials['billing-job']!.password,
        EVENTS_SUBJECT_PREFIX: prefix(),
        ORG_ID: 'org_acme',
        SUBSCRIPTION_ID: 'sub_acme',
        BILL_EMAIL: 'billing@acme.example',
        AMOUNT_CENTS: '4200',
      },
    });
    await own.drop();
    const printed = JSON.parse(stdout) as { published: string; invoice_id: string };

    const [request] = await suite.receiver.waitForRequests(1);
    const verified = new Webhook(endpoint.secret).verify(request!.body, request!.headers as Record<string, string>) as Record<string, any>;
    expect(verified).toMatchObject({ id: printed.published, event: 'invoice.created', webhook_id: endpoint.id });
    expect(verified.data).toMatchObject({
      invoice_id: printed.invoice_id,
      subscription_id: 'sub_acme',
      email: 'billing@acme.example',
      amount_cents: 4200,
      currency: 'USD',
    });
  });

  it('cannot build, publish or be let publish a type the catalog does not give it', async () => {
    const publisher = await Publisher.connect({
      servers: suite.f.broker!.url,
      source: 'billing-job',
      password: suite.f.broker!.credentials['billing-job']!.password,
      subjectPrefix: prefix(),
      logger: quiet,
    });
    try {
      expect(() => publisher.event({ type: 'user.created', orgId: null, data: example('user.created') })).toThrow(NotAllowedError);
      expect(() =>
        publisher.event({ type: 'invoice.created', orgId: 'org_acme', data: { ...example('invoice.created'), amount_cents: -1 } }),
      ).toThrow(/amount_cents/);
      // Past the package's checks, the broker itself refuses the subject.
      const forged = createEvent({ type: 'user.created', source: 'user', orgId: null, data: example('user.created') });
      await expect(jetstream(publisher.nats).publish(subjectFor('user.created', prefix()), JSON.stringify(forged))).rejects.toThrow(
        /Permissions Violation/,
      );
    } finally {
      await publisher.close();
    }
  });
});

describe('the broker and ingest, with authentication', () => {
  it("refuses device.online from the user service's credentials, and any event from a consumer's", async () => {
    const online = createEvent({ type: 'device.online', source: 'device', orgId: 'org_acme', data: example('device.online') });
    await expect(jetstream(await as('user')).publish(subjectFor('device.online', prefix()), JSON.stringify(online))).rejects.toThrow(
      /Permissions Violation for Publish/,
    );
    await expect(jetstream(await as('ops')).publish(subjectFor('device.online', prefix()), JSON.stringify(online))).rejects.toThrow(
      /Permissions Violation for Publish/,
    );
    await expect(jetstream(await as('webhook')).publish(subjectFor('user.created', prefix()), '{}')).rejects.toThrow(
      /Permissions Violation for Publish/,
    );
  });

  it('lets operators inspect the stream with the ops user (opsctl stream)', async () => {
    const opsctl = fileURLToPath(new URL('../infra/opsctl/dist/main.js', import.meta.url));
    const env = {
      ...process.env,
      NATS_URL: suite.f.broker!.url,
      EVENTS_STREAM: suite.f.stream.env.EVENTS_STREAM,
      NATS_USER: 'ops',
      NATS_PASSWORD: suite.f.broker!.credentials.ops!.password,
    };
    const { stdout } = await run(process.execPath, [opsctl, '--json', 'stream'], { env });
    expect(JSON.parse(stdout).consumers.map((c: { name: string }) => c.name)).toContain('webhook-ingest');
    const anonymous = run(process.execPath, [opsctl, '--json', 'stream'], { env: { ...env, NATS_USER: '', NATS_PASSWORD: '' } });
    await expect(anonymous).rejects.toThrow(/Authorization Violation/);
  });

  it('dead-letters what a publisher may send but must not be believed, and delivers none of it', async () => {
    const receiver = suite.receiver;
    const hooks = suite.f.webhooks(suite.f.adminToken);
    const endpoint = (await hooks.post('/api/v1/webhooks', { url: `${receiver.url}/everything`, events: ['*'], org_id: 'org_forged' }))
      .body;
    const job = jetstream(await as('billing-job'));
    const subject = subjectFor('invoice.created', prefix());
    // Its own subject, someone else's type: routing by subject would have delivered a user.created.
    const otherType = createEvent({ type: 'user.created', source: 'user', orgId: 'org_forged', data: example('user.created') });
    // Its own subject and type, a source the catalog does not allow for it.
    const otherSource = createEvent({ type: 'invoice.created', source: 'device', orgId: 'org_forged', data: example('invoice.created') });
    const seqs = [
      await job.publish(subject, JSON.stringify(otherType)),
      await job.publish(subject, JSON.stringify(otherSource)),
      await job.publish(subject, 'garbage'),
    ].map((a) => a.seq);
    const genuine = createEvent({ type: 'invoice.created', source: 'billing-job', orgId: 'org_forged', data: example('invoice.created') });
    await job.publish(subject, JSON.stringify(genuine), { msgID: genuine.id });

    await waitFor('the genuine event delivered', () => receiver.requests.some((r) => r.path === '/hook/everything'));
    const admin = suite.f.gateway(suite.f.adminToken);
    const listed = await waitFor('three dead letters', async () => {
      const { body } = await admin.get('/api/v1/webhooks/dead-letters');
      const mine = (body.data as Array<Record<string, unknown>>).filter((d) => seqs.includes(d.stream_seq as number));
      return mine.length === 3 ? mine : null;
    });
    expect(listed.map((d) => d.reason).sort()).toEqual(['malformed', 'source_not_allowed', 'type_mismatch']);
    const delivered = receiver.requests.filter((r) => r.path === '/hook/everything').map((r) => r.headers['webhook-id']);
    expect(delivered).toEqual([genuine.id]);
    expect((await hooks.get(`/api/v1/webhooks/${endpoint.id}/deliveries`)).body.data.map((d: { event_id: string }) => d.event_id)).toEqual([
      genuine.id,
    ]);
  });
});
