import { describe, expect, it } from 'vitest';
import { useWebhookFixture } from '../test/webhook.fixture.js';

const suite = useWebhookFixture();

/** The routes the security review found answering 500 to a NUL (U+0000), now refused at the edge. */
describe('a NUL character anywhere in a request to the webhook service', () => {
  it.each([
    ['GET', '/api/v1/webhooks/%00', 'id'],
    ['POST', '/api/v1/webhooks/replays/%00/pause', 'id'],
    ['GET', '/api/v1/webhooks/replays?before=%00', 'before'],
    ['GET', '/api/v1/webhooks/{endpoint}/deliveries?event_type=%00', 'event_type'],
    ['GET', '/api/v1/webhooks/{endpoint}/deliveries?replay_id=a%00', 'replay_id'],
    ['GET', '/api/v1/webhooks/{endpoint}/deliveries?before=%00', 'before'],
  ])('%s %s is a 400 naming %s', async (method, path, field) => {
    const endpoint = await suite.f.endpointFor(suite.receiver);
    const url = path.replace('{endpoint}', endpoint.id);
    const res = method === 'GET' ? await suite.f.admin.get(url) : await suite.f.admin.post(url);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'OPS_ERR_VALIDATION', issues: [{ path: field }], request_id: expect.any(String) });
  });

  it('in a body string is a 400 naming it', async () => {
    const res = await suite.f.admin.post('/api/v1/webhooks', { url: suite.receiver.url, events: ['*'], description: 'a\u0000b' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'OPS_ERR_VALIDATION', issues: [{ path: 'description' }] });
  });
});

describe('responses carrying an endpoint secret', () => {
  it('are not to be cached', async () => {
    const res = await fetch(`${suite.f.service.url}/api/v1/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await suite.f.tokens.admin()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: suite.receiver.url, events: ['*'] }),
    });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { secret: string }).secret).toMatch(/^whsec_/);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});
