import { jetstreamManager } from '@nats-io/jetstream';
import { createLogger } from '@ops/logger';
import { StreamReader } from '@ops/messaging';
import { readStream, useReceivers, waitFor, type Receiver } from '@ops/testing';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookFixture, type WebhookFixture } from '../../test/webhook.fixture.js';
import { ReplayRunner } from './replay-runner.js';

/** Replay from the stream, observed through what loopback receivers get. */
let f: WebhookFixture;
const receiver = useReceivers();

beforeAll(async () => {
  f = await startWebhookFixture({ WEBHOOK_REPLAY_BATCH_SIZE: '2' });
});
afterAll(async () => {
  await f?.close();
});

const login = (n: string) => ({ user_id: `usr_${n}`, email: `${n}@example.com`, login_at: new Date().toISOString() });
const replayed = (r: Receiver) => r.requests.filter((q) => q.headers['webhook-replay']);
const live = (r: Receiver) => r.requests.filter((q) => !q.headers['webhook-replay']);
const eventIds = (requests: Receiver['requests']) => requests.map((q) => JSON.parse(q.body).id as string);

/** A time strictly after every event stored so far, and strictly before any stored from now on. */
async function boundary(): Promise<string> {
  const start = Date.now();
  while (Date.now() <= start) await new Promise((r) => setImmediate(r));
  const at = new Date();
  while (Date.now() <= at.getTime()) await new Promise((r) => setImmediate(r));
  return at.toISOString();
}

async function finished(id: string, client = f.admin): Promise<Record<string, any>> {
  return waitFor(`replay ${id} to finish`, async () => {
    const res = await client.get(`/api/v1/webhooks/replays/${id}`);
    return ['completed', 'failed', 'cancelled'].includes(res.body.status) ? res.body : null;
  });
}

describe('replay from the stream', () => {
  it('delivers exactly the events of a time range to the chosen endpoint, marked and signed, while live deliveries continue', async () => {
    const chosen = await receiver();
    const other = await receiver();
    const endpoint = await f.endpointFor(chosen, { events: ['user.login'] });
    await f.endpointFor(other, { events: ['user.login'] });
    const before = [await f.publish('user.login', login('b1')), await f.publish('user.login', login('b2'))];
    const from = await boundary();
    const inRange = [
      await f.publish('user.login', login('r1')),
      await f.publish('user.login', login('r2')),
      await f.publish('user.login', login('r3')),
    ];
    const to = await boundary();
    await f.publish('user.login', login('after'));
    await chosen.waitForRequests(6);

    const started = await f.admin.post('/api/v1/webhooks/replays', { from_time: from, to_time: to, endpoint_id: endpoint.id });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ status: 'running', endpoint_id: endpoint.id, sequences_total: 3 });
    const duringReplay = await f.publish('user.login', login('during'));
    const done = await finished(started.body.id);
    expect(done).toMatchObject({ status: 'completed', events_read: 3, events_matched: 3, deliveries_created: 3, sequences_done: 3 });

    await waitFor('the replayed deliveries', async () => replayed(chosen).length === 3);
    expect(eventIds(replayed(chosen)).sort()).toEqual(inRange.map((e) => e.id).sort());
    for (const q of replayed(chosen)) {
      expect(q.headers['webhook-replay']).toBe(started.body.id);
      expect(q.headers['webhook-id']).toBe(JSON.parse(q.body).id);
      expect(() => new Webhook(endpoint.secret).verify(q.body, q.headers as Record<string, string>)).not.toThrow();
    }
    await waitFor('the live event sent during the replay', async () => live(chosen).length === 7);
    expect(eventIds(live(chosen))).toEqual(expect.arrayContaining([...before, ...inRange, duringReplay].map((e) => e.id)));
    const marked = (await f.admin.get(`/api/v1/webhooks/${endpoint.id}/deliveries?replay_id=${started.body.id}`)).body.data;
    expect(marked).toHaveLength(3);
    expect(marked.every((d: { replay_id: string }) => d.replay_id === started.body.id)).toBe(true);
    expect(replayed(other)).toHaveLength(0);
    await deleteEndpoints();
  });

  it('reaches every matching endpoint of an organization and no other, filtered by event type and a sequence range', async () => {
    const logins = await receiver();
    const logouts = await receiver();
    const otherOrg = await receiver();
    await f.endpointFor(logins, { events: ['user.*'], org_id: 'org_a' });
    await f.endpointFor(logouts, { events: ['user.logout'], org_id: 'org_a' });
    await f.endpointFor(otherOrg, { events: ['user.*'], org_id: 'org_b' });
    const first = await f.publish('user.login', login('a1'), 'org_a');
    await f.publish('user.logout', { user_id: 'usr_a1', email: 'a1@example.com', logout_at: new Date().toISOString() }, 'org_a');
    await f.publish('user.login', login('b1'), 'org_b');
    const second = await f.publish('user.login', login('a2'), 'org_a');
    await waitFor(
      'live deliveries',
      async () => logins.requests.length === 3 && logouts.requests.length === 1 && otherOrg.requests.length === 1,
    );
    const seqs = new Map((await readStream(f.stream)).map((e) => [e.id, e.seq]));

    const owner = f.as(await f.tokens.user({ org_a: 'owner' }));
    // One event type: the stream filters (3 of the 4 events in the range are logins), then the organization does.
    const started = await owner.post('/api/v1/webhooks/replays', {
      from_seq: seqs.get(first.id),
      to_seq: seqs.get(second.id),
      org_id: 'org_a',
      event_types: ['user.login'],
    });
    expect(started.status).toBe(202);
    expect(await finished(started.body.id, owner)).toMatchObject({
      status: 'completed',
      events_read: 3,
      events_matched: 2,
      deliveries_created: 2,
    });
    await waitFor('the replayed logins', async () => replayed(logins).length === 2);
    expect(eventIds(replayed(logins)).sort()).toEqual([first.id, second.id].sort());
    expect(replayed(logouts)).toHaveLength(0);
    expect(replayed(otherOrg)).toHaveLength(0);
    // Replays are visible to their organization only.
    const outsider = f.as(await f.tokens.user({ org_b: 'owner' }));
    expect((await outsider.get(`/api/v1/webhooks/replays/${started.body.id}`)).status).toBe(404);
    expect((await outsider.get('/api/v1/webhooks/replays')).body.data).toEqual([]);
    const listed = (await owner.get('/api/v1/webhooks/replays')).body.data;
    expect(listed.map((r: { id: string }) => r.id)).toEqual([started.body.id]);
    // Lists do not count deliveries (one query per row): only a replay's own view does.
    expect(listed[0]).not.toHaveProperty('deliveries');
    await deleteEndpoints();
  });

  it('puts replayed deliveries behind live ones for the same endpoint', async () => {
    const target = await receiver();
    target.respondWith(() => ({ status: 410 }));
    const endpoint = await f.endpointFor(target, { events: ['user.login'], max_concurrency: 1 });
    const old = [await f.publish('user.login', login('o1')), await f.publish('user.login', login('o2'))];
    // 410 Gone disables the endpoint; what arrives meanwhile is held for it, pending.
    await waitFor('the endpoint to be disabled', async () => (await f.admin.get(`/api/v1/webhooks/${endpoint.id}`)).body.active === false);
    const seqs = new Map((await readStream(f.stream)).map((e) => [e.id, e.seq]));
    const started = await f.admin.post('/api/v1/webhooks/replays', {
      from_seq: seqs.get(old[0]!.id),
      to_seq: seqs.get(old[1]!.id),
      endpoint_id: endpoint.id,
    });
    expect(started.status).toBe(202);
    await finished(started.body.id);
    const fresh = [
      await f.publish('user.login', login('n1')),
      await f.publish('user.login', login('n2')),
      await f.publish('user.login', login('n3')),
    ];
    const held = fresh.map((e) => e.id);
    await waitFor('the live events to be held', async () => {
      const pending = (await f.admin.get(`/api/v1/webhooks/${endpoint.id}/deliveries?status=pending`)).body.data as Array<{
        event_id: string;
      }>;
      return held.every((id) => pending.some((d) => d.event_id === id));
    });

    target.requests.length = 0;
    target.respondWith(() => ({ status: 200 }));
    await f.admin.patch(`/api/v1/webhooks/${endpoint.id}`, { active: true });
    await waitFor('the replayed deliveries', async () => replayed(target).length === 2);
    expect(eventIds(live(target))).toEqual(expect.arrayContaining(held));
    const firstReplayed = target.requests.findIndex((q) => q.headers['webhook-replay']);
    expect(target.requests.slice(firstReplayed).every((q) => q.headers['webhook-replay'])).toBe(true);
    await deleteEndpoints();
  });

  it('pauses and resumes where it stopped, and a replay whose worker died is taken over from its checkpoint', async () => {
    const target = await receiver();
    const endpoint = await f.endpointFor(target, { events: ['user.logout'] });
    const logouts = [];
    for (let i = 0; i < 10; i++)
      logouts.push(await f.publish('user.logout', { user_id: `usr_${i}`, email: `${i}@example.com`, logout_at: new Date().toISOString() }));
    await target.waitForRequests(10);
    const seqs = new Map((await readStream(f.stream)).map((e) => [e.id, e.seq]));
    const range = { from_seq: seqs.get(logouts[0]!.id), to_seq: seqs.get(logouts[9]!.id), endpoint_id: endpoint.id };

    // Paused before any worker took it: nothing is read until it is resumed.
    await f.service.replays.stop();
    const paused = await f.admin.post('/api/v1/webhooks/replays', range);
    expect((await f.admin.post(`/api/v1/webhooks/replays/${paused.body.id}/pause`)).body.status).toBe('paused');
    expect((await f.admin.post(`/api/v1/webhooks/replays/${paused.body.id}/pause`)).status).toBe(409);

    // A worker that dies after two batches (of 2) leaves its lease and its checkpoint behind.
    let died!: () => void;
    const crashed = new Promise<void>((resolve) => (died = resolve));
    let reads = 0;
    const reader = new StreamReader(f.nats, f.stream.env.EVENTS_STREAM);
    const dying = Object.assign(Object.create(reader) as StreamReader, {
      read: async (...args: Parameters<StreamReader['read']>) => {
        if (++reads === 3) {
          died();
          throw new Error('the process died');
        }
        return reader.read(...args);
      },
    });
    const doomed = new ReplayRunner({
      database: f.service.runtime.database,
      reader: dying,
      directory: f.service.directory,
      logger: createLogger({ name: 'test', level: 'silent' }),
      subjectPrefix: f.stream.env.EVENTS_SUBJECT_PREFIX,
      batchSize: 2,
      leaseMs: 200,
    });
    const taken = await f.admin.post('/api/v1/webhooks/replays', range);
    doomed.wake();
    await crashed;
    const left = await waitFor('the checkpoint after two batches', async () => {
      const r = (await f.admin.get(`/api/v1/webhooks/replays/${taken.body.id}`)).body;
      return r.sequences_done === 4 ? r : null;
    });
    expect(left).toMatchObject({ status: 'running', deliveries_created: 4 });

    await f.service.replays.start();
    expect(await finished(taken.body.id)).toMatchObject({
      status: 'completed',
      events_read: 10,
      deliveries_created: 10,
      sequences_done: 10,
    });
    expect((await f.admin.get(`/api/v1/webhooks/replays/${paused.body.id}`)).body.status).toBe('paused');
    expect((await f.admin.post(`/api/v1/webhooks/replays/${paused.body.id}/resume`)).body.status).toBe('running');
    expect(await finished(paused.body.id)).toMatchObject({ status: 'completed', deliveries_created: 10 });

    // Each replay delivered each event exactly once: nothing skipped, nothing repeated.
    await waitFor('both replays delivered', async () => replayed(target).length === 20);
    for (const id of [taken.body.id, paused.body.id]) {
      const sent = replayed(target).filter((q) => q.headers['webhook-replay'] === id);
      expect(eventIds(sent).sort()).toEqual(logouts.map((e) => e.id).sort());
    }
    expect((await f.admin.post(`/api/v1/webhooks/replays/${taken.body.id}/resume`)).status).toBe(409);
    await deleteEndpoints();
  });

  it('cancels a replay, withdrawing its deliveries not yet attempted', async () => {
    const target = await receiver();
    target.respondWith(() => ({ status: 410 }));
    const endpoint = await f.endpointFor(target, { events: ['user.created'] });
    const created = await f.publish('user.created', {
      user_id: 'usr_c',
      email: 'c@example.com',
      name: 'C',
      subscription_tier: 'trial',
      created_at: new Date().toISOString(),
    });
    await waitFor('the endpoint to be disabled', async () => (await f.admin.get(`/api/v1/webhooks/${endpoint.id}`)).body.active === false);
    const seq = (await readStream(f.stream)).find((e) => e.id === created.id)!.seq;
    const started = await f.admin.post('/api/v1/webhooks/replays', { from_seq: seq, to_seq: seq, endpoint_id: endpoint.id });
    // Reading is over in a moment; sending can take long (here: held for a disabled endpoint). Cancel withdraws what waits.
    expect(await finished(started.body.id)).toMatchObject({ status: 'completed', deliveries: { pending: 1 } });
    const cancelled = await f.admin.post(`/api/v1/webhooks/replays/${started.body.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', withdrawn: 1, deliveries: { pending: 0 } });
    expect((await f.admin.get(`/api/v1/webhooks/${endpoint.id}/deliveries?replay_id=${started.body.id}`)).body.data).toEqual([]);
    expect((await f.admin.post(`/api/v1/webhooks/replays/${started.body.id}/cancel`)).status).toBe(409);
    // The live delivery of the same event is untouched.
    expect((await f.admin.get(`/api/v1/webhooks/${endpoint.id}/deliveries`)).body.data).toHaveLength(1);
    await deleteEndpoints();
  });

  it('refuses to replay to an endpoint its owner paused', async () => {
    const target = await receiver();
    const endpoint = await f.endpointFor(target, { events: ['user.created'], active: false });
    const refused = await f.admin.post('/api/v1/webhooks/replays', { from_seq: 1, endpoint_id: endpoint.id });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/paused: set it active before replaying to it/);
    await deleteEndpoints();
  });
});

describe('replay ranges and rights', () => {
  it('validates the request, naming the problem', async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{}, /from_time: give from_time or from_seq/],
      [{ from_seq: 1, from_time: '2026-11-01T00:00:00Z' }, /not both/],
      [{ to_seq: 5 }, /from_seq: required with to_seq/],
      [{ from_seq: 5, to_seq: 2 }, /to_seq: must not be below from_seq/],
      [{ from_time: '2026-11-02T00:00:00Z', to_time: '2026-11-01T00:00:00Z' }, /to_time: must not be before from_time/],
      [{ from_time: 'yesterday' }, /from_time/],
      [{ from_seq: 0 }, /from_seq/],
      [{ from_seq: 1, event_types: ['user.exploded'] }, /event_types.0: unknown event type 'user.exploded'/],
      [{ from_seq: 1, endpoint_id: 'ep_x', org_id: 'org_a' }, /not both/],
      [{ from_seq: 1, surprise: true }, /surprise/],
    ];
    for (const [body, message] of cases) {
      const res = await f.admin.post('/api/v1/webhooks/replays', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.message).toMatch(message);
    }
  });

  it('checks who may replay to what', async () => {
    const member = f.as(await f.tokens.user({ org_a: 'member' }));
    expect((await member.post('/api/v1/webhooks/replays', { from_seq: 1, org_id: 'org_a' })).status).toBe(403);
    const nobody = f.as(await f.tokens.user({}));
    expect((await nobody.post('/api/v1/webhooks/replays', { from_seq: 1 })).status).toBe(403);
    expect((await nobody.post('/api/v1/webhooks/replays', { from_seq: 1, endpoint_id: 'ep_nope' })).status).toBe(404);
    expect((await f.admin.get('/api/v1/webhooks/replays/rpl_nope')).status).toBe(404);
    expect((await f.as('not-a-token').get('/api/v1/webhooks/replays')).status).toBe(401);
  });

  it('refuses a range the stream no longer holds, and fails a replay whose events leave the stream before it reads them', async () => {
    const target = await receiver();
    const endpoint = await f.endpointFor(target, { events: ['user.login'] });
    for (let i = 0; i < 3; i++) await f.publish('user.login', login(`gone${i}`));
    await target.waitForRequests(3);
    const jsm = await jetstreamManager(f.nats);
    const { state } = await jsm.streams.info(f.stream.env.EVENTS_STREAM);

    // The oldest events leave, as the stream's age limit would remove them.
    await f.service.replays.stop();
    const doomed = await f.admin.post('/api/v1/webhooks/replays', { from_seq: state.last_seq - 2, endpoint_id: endpoint.id });
    expect(doomed.status).toBe(202);
    await jsm.streams.purge(f.stream.env.EVENTS_STREAM, { seq: state.last_seq });
    await f.service.replays.start();
    const failed = await finished(doomed.body.id);
    expect(failed).toMatchObject({ status: 'failed', deliveries_created: 0 });
    expect(failed.error).toBe(
      `events ${state.last_seq - 2}-${state.last_seq - 1} left the stream (its age or size limit) before they were replayed`,
    );

    const gone = await f.admin.post('/api/v1/webhooks/replays', { from_seq: 1, endpoint_id: endpoint.id });
    expect(gone.status).toBe(422);
    expect(gone.body).toMatchObject({ code: 'OPS_ERR_RANGE_NOT_IN_STREAM' });
    expect(gone.body.message).toMatch(
      new RegExp(
        `from_seq: events 1-${state.last_seq - 1} are no longer in the stream; the stream holds sequences ${state.last_seq}-${state.last_seq}`,
      ),
    );
    const early = await f.admin.post('/api/v1/webhooks/replays', { from_time: '2020-01-01T00:00:00Z', endpoint_id: endpoint.id });
    expect(early.status).toBe(422);
    expect(early.body.message).toMatch(/from_time: events stored before .* are no longer in the stream/);
    const beyond = await f.admin.post('/api/v1/webhooks/replays', { from_seq: state.last_seq + 1, endpoint_id: endpoint.id });
    expect(beyond.status).toBe(422);
    expect(beyond.body.message).toMatch(/from_seq: beyond the newest event/);
    const future = await f.admin.post('/api/v1/webhooks/replays', {
      from_time: new Date(Date.now() + 3600_000).toISOString(),
      endpoint_id: endpoint.id,
    });
    expect(future.status).toBe(422);
    expect(future.body.message).toMatch(/no event was stored at or after/);
    await deleteEndpoints();
  });
});

async function deleteEndpoints(): Promise<void> {
  const { data } = (await f.admin.get('/api/v1/webhooks?limit=100')).body as { data: Array<{ id: string }> };
  for (const e of data) await f.admin.delete(`/api/v1/webhooks/${e.id}`);
}
