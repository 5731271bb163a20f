import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { createEvent, subjectFor } from '@ops/events';
import { useReceivers, waitFor } from '@ops/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookFixture, userCreated, type WebhookFixture } from '../../test/webhook.fixture.js';

let f: WebhookFixture;
const receiver = useReceivers();

beforeAll(async () => {
  f = await startWebhookFixture();
});
afterAll(async () => {
  await f?.close();
});

const deadLetterStream = () => `${f.stream.env.EVENTS_STREAM}_DEAD_LETTERS`;

/** Publishes bytes on an event type's subject, as a forger (or a buggy publisher) holding that subject would. */
async function publishRaw(type: string, body: unknown): Promise<number> {
  const data = typeof body === 'string' ? body : JSON.stringify(body);
  const ack = await jetstream(f.nats).publish(subjectFor(type, f.stream.env.EVENTS_SUBJECT_PREFIX), data);
  return ack.seq;
}

async function deadLetters(): Promise<{ total: number; data: Array<Record<string, any>> }> {
  return (await f.admin.get('/api/v1/webhooks/dead-letters?limit=100')).body;
}

const organizationCreated = {
  organization_id: 'org_forged',
  name: 'Forged',
  plan_tier: 'enterprise',
  owner: 'mallory@example.com',
  owner_id: 'usr_mallory',
  created_at: new Date().toISOString(),
  member_count: 1,
};

describe('what ingest trusts', () => {
  it('dead-letters a forged or malformed message, never delivers it, counts it, and lists it for admins', async () => {
    const r = await receiver();
    await f.endpointFor(r, { events: ['*'] });
    // The envelope says organization.created, the subject user.created: routing would have believed the subject.
    const mismatchSeq = await publishRaw(
      'user.created',
      createEvent({ type: 'organization.created', source: 'org', orgId: 'org_forged', data: organizationCreated }),
    );
    // The right subject and type, from a source the catalog does not let publish it.
    const wrongSource = createEvent({ type: 'user.created', source: 'billing-job', orgId: null, data: userCreated('forged') });
    const wrongSourceSeq = await publishRaw('user.created', wrongSource);
    const malformedSeq = await publishRaw('user.login', '{"id": "evt_1", "type": "user.login"');
    const marker = await f.publish('user.created', userCreated('marker'));

    // Ingest handles a stream in order per batch: once the marker arrived, the three before it were judged.
    await waitFor('the marker delivered', () => r.requests.some((q) => q.headers['webhook-id'] === marker.id));
    const list = await waitFor('three dead letters', async () => ((await deadLetters()).total >= 3 ? deadLetters() : null));
    expect(r.requests.map((q) => q.headers['webhook-id'])).toEqual([marker.id]);

    const bySeq = new Map(list.data.map((d) => [d.stream_seq, d]));
    const prefix = f.stream.env.EVENTS_SUBJECT_PREFIX;
    expect(bySeq.get(mismatchSeq)).toMatchObject({
      reason: 'type_mismatch',
      subject: `${prefix}.user.created`,
      consumer: 'webhook-ingest',
      detail: expect.stringContaining('organization.created'),
    });
    expect(bySeq.get(wrongSourceSeq)).toMatchObject({
      reason: 'source_not_allowed',
      subject: `${prefix}.user.created`,
      detail: 'source billing-job may not publish user.created',
    });
    expect(JSON.parse(bySeq.get(wrongSourceSeq)!.body)).toEqual(wrongSource);
    expect(bySeq.get(malformedSeq)).toMatchObject({
      reason: 'malformed',
      subject: `${prefix}.user.login`,
      body: '{"id": "evt_1", "type": "user.login"',
    });
    expect(list.data.map((d) => d.seq)).toEqual([...list.data.map((d) => d.seq)].sort((a, b) => b - a));

    const metrics = await (await fetch(`${f.service.url}/metrics`)).text();
    expect(metrics).toMatch(/webhook_events_rejected_total\{reason="type_mismatch",service="webhook"\} 1/);
    expect(metrics).toMatch(/webhook_events_rejected_total\{reason="source_not_allowed",service="webhook"\} 1/);
    expect(metrics).toMatch(/webhook_events_rejected_total\{reason="malformed",service="webhook"\} 1/);
  });

  it('keeps a rejected message on the stream until it could be stored as a dead letter', async () => {
    const jsm = await jetstreamManager(f.nats);
    const config = (await jsm.streams.info(deadLetterStream())).config;
    await jsm.streams.delete(deadLetterStream());
    const seq = await publishRaw('user.login', 'not json at all');
    const consumer = () => jsm.consumers.info(f.stream.env.EVENTS_STREAM, 'webhook-ingest');
    // Not acknowledged nor terminated: nak'ed, and redelivered.
    await waitFor('the message redelivered', async () => (await consumer()).num_redelivered > 0, { timeoutMs: 15_000 });
    expect((await consumer()).ack_floor.stream_seq).toBeLessThan(seq);
    await jsm.streams.add(config);
    const kept = await waitFor('the dead letter stored', async () => (await deadLetters()).data.find((d) => d.stream_seq === seq), {
      timeoutMs: 15_000,
    });
    expect(kept).toMatchObject({ reason: 'malformed', body: 'not json at all' });
    // The stream was re-created empty: this one was kept after it came back, not before it went.
    expect((await deadLetters()).total).toBe(1);
  });

  it('is not delivered by a replay either', async () => {
    const r = await receiver();
    const endpoint = await f.endpointFor(r, { events: ['*'] });
    const started = await f.admin.post('/api/v1/webhooks/replays', { from_seq: 1, endpoint_id: endpoint.id });
    expect(started.status).toBe(202);
    const done = await waitFor('the replay to finish', async () => {
      const res = await f.admin.get(`/api/v1/webhooks/replays/${started.body.id}`);
      return res.body.status === 'completed' ? res.body : null;
    });
    // Read: the five messages of the tests above; delivered: the one genuine event among them, the marker.
    expect(done.events_read).toBe(5);
    await r.waitForRequests(done.deliveries_created);
    const types = r.requests.map((q) => JSON.parse(q.body).event as string);
    expect(types).toEqual(['user.created']);
    expect(JSON.parse(r.requests[0]!.body).data.user_id).toBe('usr_marker');
  });

  it('is for platform administrators only', async () => {
    const res = await f.as(await f.tokens.user()).get('/api/v1/webhooks/dead-letters');
    expect(res.status).toBe(403);
  });
});
