import { waitFor } from '@ops/testing';
import { describe, expect, it } from 'vitest';
import { useWebhookFixture, userCreated } from '../../test/webhook.fixture.js';

/** SSRF protection: webhooks reach public addresses only (plus the ranges configured), checked twice. */
const suite = useWebhookFixture();

describe('webhook destinations', () => {
  it.each([
    ['a private address', 'http://10.0.0.5/hook', /url: refused: 10\.0\.0\.5 is a private address/],
    ['the cloud metadata service', 'http://169.254.169.254/latest/meta-data', /linkLocal/],
    ['loopback outside the allowed range', 'http://127.0.0.2:9/hook', /127\.0\.0\.2 is a loopback address/],
    ['IPv6 loopback', 'http://[::1]:9/hook', /loopback/],
    [
      'a name resolving to a private address',
      'https://internal.example.com/hook',
      /internal\.example\.com resolves to 10\.1\.1\.1, a private address/,
    ],
    ['a name that does not resolve', 'https://nowhere.invalid/hook', /does not resolve/],
    // IPv6 spellings of an IPv4 address, refused by the address they embed (127.0.0.1 itself is allowed here).
    ['IPv4-compatible loopback', 'http://[::127.0.0.1]:9/hook', /::7f00:1 is an address embedding 127\.0\.0\.1, a loopback address/],
    ['IPv4-translated loopback', 'http://[::ffff:0:127.0.0.1]:9/hook', /embedding 127\.0\.0\.1, a loopback address/],
    ['NAT64 of a private address', 'http://[64:ff9b::10.0.0.5]/hook', /embedding 10\.0\.0\.5, a private address/],
    ['6to4 of the metadata service', 'http://[2002:a9fe:a9fe::1]/hook', /embedding 169\.254\.169\.254, a linkLocal address/],
    ['Teredo of a loopback client', 'http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/hook', /embedding 127\.0\.0\.1, a loopback address/],
    [
      'a name resolving to IPv4-compatible loopback',
      'https://compat.example.com/hook',
      /compat\.example\.com resolves to ::7f00:1, an address embedding 127\.0\.0\.1/,
    ],
  ])('refuses %s when an endpoint is saved', async (_case, url, message) => {
    suite.f.dns.set('internal.example.com', ['10.1.1.1']);
    suite.f.dns.set('compat.example.com', ['::7f00:1']);
    const res = await suite.f.admin.post('/api/v1/webhooks', { url, events: ['*'] });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(message);
  });

  it('refuses a changed URL too', async () => {
    const { id } = await suite.f.endpointFor(suite.receiver, { events: ['user.created'] });
    const res = await suite.f.admin.patch(`/api/v1/webhooks/${id}`, { url: 'http://192.168.0.1/hook' });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/private/);
    await suite.f.admin.delete(`/api/v1/webhooks/${id}`);
  });

  it('checks again at delivery: a DNS answer that turned private is refused, and retried', async () => {
    const port = new URL(suite.receiver.url).port;
    suite.f.dns.set('flaky.example.com', ['127.0.0.1']);
    const endpoint = await suite.f.admin.post('/api/v1/webhooks', {
      url: `http://flaky.example.com:${port}/hook`,
      events: ['user.created'],
    });
    expect(endpoint.status).toBe(201);

    suite.f.dns.set('flaky.example.com', ['169.254.169.254']);
    await suite.f.publish('user.created', userCreated('ssrf'));
    const failed = await waitFor('a refused attempt', async () => {
      const list = (await suite.f.admin.get(`/api/v1/webhooks/${endpoint.body.id}/deliveries`)).body.data as Array<Record<string, any>>;
      return list.find((d) => d.attempt_count >= 1 && d.last_error);
    });
    expect(failed.last_error).toMatch(/destination refused: flaky\.example\.com resolves to 169\.254\.169\.254, a linkLocal address/);
    expect(suite.receiver.requests).toHaveLength(0);

    suite.f.dns.set('flaky.example.com', ['127.0.0.1']);
    await suite.receiver.waitForRequests(1);
    expect(JSON.parse(suite.receiver.requests[0]!.body).data.user_id).toBe('usr_ssrf');
  });
});
