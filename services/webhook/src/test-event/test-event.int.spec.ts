import { Receiver } from '@ops/testing';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookFixture, type WebhookFixture } from '../webhook.fixture.js';

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

describe('test event', () => {
  it('sends a signed webhook.test now and answers with the attempt, which is logged', async () => {
    receiver.respondWith(() => ({ status: 202, body: 'got it' }));
    const endpoint = await f.endpointFor(receiver, { events: ['user.created'] });
    const res = await f.admin.post(`/api/v1/webhooks/${endpoint.id}/test`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ succeeded: true, status_code: 202, response_excerpt: 'got it', error: null });
    const [request] = receiver.requests;
    const body = new Webhook(endpoint.secret).verify(request!.body, request!.headers as Record<string, string>) as Record<string, any>;
    expect(body).toMatchObject({ event: 'webhook.test', id: res.body.event_id, webhook_id: endpoint.id, data: { endpoint_id: endpoint.id } });
    const logged = (await f.admin.get(`/api/v1/webhooks/${endpoint.id}/deliveries/${res.body.delivery_id}`)).body;
    expect(logged).toMatchObject({ event: 'webhook.test', status: 'succeeded', attempt_count: 1 });
  });

  it('reports a failing receiver without retrying it', async () => {
    receiver.requests.length = 0;
    receiver.respondWith(() => ({ status: 500, body: 'boom' }));
    const endpoint = await f.endpointFor(receiver, { events: ['user.created'] });
    const res = await f.admin.post(`/api/v1/webhooks/${endpoint.id}/test`);
    expect(res.body).toMatchObject({ succeeded: false, status_code: 500, error: 'HTTP 500', response_excerpt: 'boom' });
    const logged = (await f.admin.get(`/api/v1/webhooks/${endpoint.id}/deliveries/${res.body.delivery_id}`)).body;
    expect(logged).toMatchObject({ status: 'failed', attempt_count: 1 });
    expect(receiver.requests).toHaveLength(1);
  });

  it('is for those who manage the endpoint', async () => {
    const owner = f.as(await f.tokens.user({ org_x: 'owner' }));
    const { body } = await owner.post('/api/v1/webhooks', { url: receiver.url, events: ['*'], org_id: 'org_x' });
    expect((await f.as(await f.tokens.user({ org_x: 'member' })).post(`/api/v1/webhooks/${body.id}/test`)).status).toBe(403);
    expect((await f.as(await f.tokens.user({ org_y: 'owner' })).post(`/api/v1/webhooks/${body.id}/test`)).status).toBe(404);
  });
});
