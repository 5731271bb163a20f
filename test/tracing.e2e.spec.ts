import { startTracing } from '@ops/tracing';
import { Receiver, TraceCollector, waitFor, type CollectedSpan } from '@ops/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { usePlatformFixture } from './platform.fixture.js';

// Tracing is in place before the platform starts, as main.ts does it; the platform runs in this process.
const collector = await TraceCollector.start();
const tracing = startTracing({ serviceName: 'ops-e2e', endpoint: collector.url, scheduleDelayMs: 20 })!;
const suite = usePlatformFixture();
afterAll(async () => {
  await tracing.shutdown();
  await collector.close();
});

const SERVER = 2;
const CLIENT = 3;
const PRODUCER = 4;
const CONSUMER = 5;

/** Registers `email` through the gateway, and returns the webhook request that `receiver` got for it. */
async function register(email: string, receiver: Receiver) {
  const registered = await suite.f.gateway().post('/auth/register', { email, password: 'SecurePass123!', name: 'Traced' });
  expect(registered.status).toBe(201);
  return waitFor(`user.created for ${email}`, () => receiver.requests.find((r) => r.body.includes(email)));
}

/** The attempt span of a delivery (by webhook-id) and, once they are all exported, the spans of its trace. */
async function traceOfAttempt(webhookId: string, endpointId: string): Promise<{ attempt: CollectedSpan; spans: CollectedSpan[] }> {
  const attempt = await collector.waitForSpan(
    `the attempt span of ${webhookId}`,
    (s) => s.attributes['webhook.id'] === webhookId && s.attributes['webhook.endpoint.id'] === endpointId,
  );
  const spans = await waitFor('the request, publish and ingest spans of the same trace', () => {
    const trace = collector.trace(attempt.traceId);
    const has = (scope: string, kind: number) => trace.some((s) => s.scope === scope && s.kind === kind);
    return has('gateway', SERVER) && has('user', SERVER) && has('@ops/outbox', PRODUCER) && has('@ops/messaging', CONSUMER) ? trace : null;
  });
  return { attempt, spans };
}

describe('a registration traced from the request to the webhook attempt', () => {
  it('is one trace: the gateway and user service requests, the relay publish, the webhook ingest and the attempt with its status code', async () => {
    const admin = suite.f.webhooks(suite.f.adminToken);
    const endpoint = await admin.post('/api/v1/webhooks', { url: suite.receiver.url, events: ['user.created'] });
    expect(endpoint.status).toBe(201);
    expect(endpoint.body.send_trace_context).toBe(false);

    const request = await register('traced@example.com', suite.receiver);
    const { attempt, spans } = await traceOfAttempt(request.headers['webhook-id'] as string, endpoint.body.id);

    const byScope = (scope: string, kind: number) => spans.filter((s) => s.scope === scope && s.kind === kind);
    const [gateway] = byScope('gateway', SERVER);
    expect(gateway).toMatchObject({
      parentSpanId: undefined,
      attributes: { 'url.path': '/auth/register', 'http.response.status_code': 201 },
    });
    const [registration] = byScope('user', SERVER);
    expect(registration).toMatchObject({
      name: 'POST /auth/register',
      parentSpanId: gateway!.spanId,
      attributes: { 'http.route': '/auth/register', 'http.response.status_code': 201 },
    });
    const [publish] = byScope('@ops/outbox', PRODUCER);
    expect(publish).toMatchObject({ name: 'publish user.created', parentSpanId: registration!.spanId });
    const ingest = byScope('@ops/messaging', CONSUMER).find((s) => s.name === 'webhook-ingest user.created');
    expect(ingest).toMatchObject({ parentSpanId: publish!.spanId });
    expect(attempt).toMatchObject({
      scope: 'webhook',
      kind: CLIENT,
      parentSpanId: ingest!.spanId,
      attributes: { 'webhook.endpoint.id': endpoint.body.id, 'webhook.attempt': 1, 'http.response.status_code': 200 },
    });
    // The other services' consumers continue the same trace.
    await waitFor('the organization service consuming the same event', () =>
      collector.trace(attempt.traceId).find((s) => s.name === 'org-known-users user.created' && s.parentSpanId === publish!.spanId),
    );
    // Not opted in: no internal trace id reaches the receiver.
    expect(request.headers.traceparent).toBeUndefined();
  });

  it('sends the attempt span as traceparent only to an endpoint that opted in', async () => {
    const admin = suite.f.webhooks(suite.f.adminToken);
    const [opted, plain] = [await Receiver.start(), await Receiver.start()];
    try {
      const optedIn = await admin.post('/api/v1/webhooks', { url: opted.url, events: ['user.created'], send_trace_context: true });
      expect(optedIn.body.send_trace_context).toBe(true);
      await admin.post('/api/v1/webhooks', { url: plain.url, events: ['user.created'] });

      const sent = await register('opted-in@example.com', opted);
      const notSent = await waitFor('the same event at the other endpoint', () =>
        plain.requests.find((r) => r.body.includes('opted-in@example.com')),
      );
      expect(notSent.headers.traceparent).toBeUndefined();

      const { attempt } = await traceOfAttempt(sent.headers['webhook-id'] as string, optedIn.body.id);
      expect(sent.headers.traceparent).toBe(`00-${attempt.traceId}-${attempt.spanId}-01`);

      // Opting out again stops it.
      expect((await admin.patch(`/api/v1/webhooks/${optedIn.body.id}`, { send_trace_context: false })).body.send_trace_context).toBe(false);
      const after = await register('opted-out@example.com', opted);
      expect(after.headers.traceparent).toBeUndefined();
    } finally {
      await Promise.all([opted.close(), plain.close()]);
    }
  });
});
