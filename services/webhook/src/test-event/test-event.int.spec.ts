import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { useWebhookFixture } from '../../test/webhook.fixture.js';

const suite = useWebhookFixture();

describe('test event', () => {
  it('sends a signed webhook.test now and answers with the attempt, which is logged', async () => {
    suite.receiver.respondWith(() => ({ status: 202, body: 'got it' }));
    const endpoint = await suite.f.endpointFor(suite.receiver, { events: ['user.created'] });
    const res = await suite.f.admin.post(`/api/v1/webhooks/${endpoint.id}/test`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ succeeded: true, status_code: 202, response_excerpt: 'got it', error: null });
    const [request] = suite.receiver.requests;
    const body = new Webhook(endpoint.secret).verify(request!.body, request!.headers as Record<string, string>) as Record<string, any>;
    expect(body).toMatchObject({
      event: 'webhook.test',
      id: res.body.event_id,
      webhook_id: endpoint.id,
      data: { endpoint_id: endpoint.id },
    });
    const logged = (await suite.f.admin.get(`/api/v1/webhooks/${endpoint.id}/deliveries/${res.body.delivery_id}`)).body;
    expect(logged).toMatchObject({ event: 'webhook.test', status: 'succeeded', attempt_count: 1 });
  });

  it('reports a failing receiver without retrying it', async () => {
    suite.receiver.requests.length = 0;
    suite.receiver.respondWith(() => ({ status: 500, body: 'boom' }));
    const endpoint = await suite.f.endpointFor(suite.receiver, { events: ['user.created'] });
    const res = await suite.f.admin.post(`/api/v1/webhooks/${endpoint.id}/test`);
    expect(res.body).toMatchObject({ succeeded: false, status_code: 500, error: 'HTTP 500', response_excerpt: 'boom' });
    const logged = (await suite.f.admin.get(`/api/v1/webhooks/${endpoint.id}/deliveries/${res.body.delivery_id}`)).body;
    expect(logged).toMatchObject({ status: 'failed', attempt_count: 1 });
    expect(suite.receiver.requests).toHaveLength(1);
  });

  it('is for those who manage the endpoint', async () => {
    const owner = suite.f.as(await suite.f.tokens.user({ org_x: 'owner' }));
    const { body } = await owner.post('/api/v1/webhooks', { url: suite.receiver.url, events: ['*'], org_id: 'org_x' });
    expect((await suite.f.as(await suite.f.tokens.user({ org_x: 'member' })).post(`/api/v1/webhooks/${body.id}/test`)).status).toBe(403);
    expect((await suite.f.as(await suite.f.tokens.user({ org_y: 'owner' })).post(`/api/v1/webhooks/${body.id}/test`)).status).toBe(404);
  });
});
