import { Receiver, waitFor } from '@ops/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookFixture, userCreated, type WebhookFixture } from '../webhook.fixture.js';

/** SSRF protection: webhooks reach public addresses only (plus the ranges configured), checked twice. */
let f: WebhookFixture;
let receiver: Receiver;

beforeAll(async () => {
  f = await startWebhookFixture();
  receiver = await Receiver.start();
});
afterAll(async () => {
  await receiver?.close();
  await f?.close();
});

describe('webhook destinations', () => {
  it.each([
    ['a private address', 'http://10.0.0.5/hook', /url: refused: 10\.0\.0\.5 is a private address/],
    ['the cloud metadata service', 'http://169.254.169.254/latest/meta-data', /linkLocal/],
    ['loopback outside the allowed range', 'http://127.0.0.2:9/hook', /127\.0\.0\.2 is a loopback address/],
    ['IPv6 loopback', 'http://[::1]:9/hook', /loopback/],
    ['a name resolving to a private address', 'https://internal.example.com/hook', /internal\.example\.com resolves to 10\.1\.1\.1, a private address/],
    ['a name that does not resolve', 'https://nowhere.invalid/hook', /does not resolve/],
  ])('refuses %s when an endpoint is saved', async (_case, url, message) => {
    f.dns.set('internal.example.com', ['10.1.1.1']);
    const res = await f.admin.post('/api/v1/webhooks', { url, events: ['*'] });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(message);
  });

  it('refuses a changed URL too', async () => {
    const { id } = await f.endpointFor(receiver, { events: ['user.created'] });
    const res = await f.admin.patch(`/api/v1/webhooks/${id}`, { url: 'http://192.168.0.1/hook' });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/private/);
    await f.admin.delete(`/api/v1/webhooks/${id}`);
  });

  it('checks again at delivery: a DNS answer that turned private is refused, and retried', async () => {
    const port = new URL(receiver.url).port;
    f.dns.set('flaky.example.com', ['127.0.0.1']);
    const endpoint = await f.admin.post('/api/v1/webhooks', { url: `http://flaky.example.com:${port}/hook`, events: ['user.created'] });
    expect(endpoint.status).toBe(201);

    f.dns.set('flaky.example.com', ['169.254.169.254']);
    await f.publish('user.created', userCreated('ssrf'));
    const failed = await waitFor('a refused attempt', async () => {
      const list = (await f.admin.get(`/api/v1/webhooks/${endpoint.body.id}/deliveries`)).body.data as Array<Record<string, any>>;
      return list.find((d) => d.attempt_count >= 1 && d.last_error);
    });
    expect(failed.last_error).toMatch(/destination refused: flaky\.example\.com resolves to 169\.254\.169\.254, a linkLocal address/);
    expect(receiver.requests).toHaveLength(0);

    f.dns.set('flaky.example.com', ['127.0.0.1']);
    await receiver.waitForRequests(1);
    expect(JSON.parse(receiver.requests[0]!.body).data.user_id).toBe('usr_ssrf');
  });
});
