import { Receiver, waitFor } from '@ops/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpoints } from '../schema.js';
import { startWebhookFixture, userCreated, type WebhookFixture } from '../webhook.fixture.js';

let f: WebhookFixture;
let receiver: Receiver;

beforeAll(async () => {
  // Failing for 400 ms stands for Svix's five days.
  f = await startWebhookFixture({ WEBHOOK_DISABLE_AFTER_FAILING_MS: '400', WEBHOOK_RETRY_DELAYS_MS: '50,50,50,50,50,50,50,50,50,50,50,50' });
  receiver = await Receiver.start();
});
afterAll(async () => {
  await receiver?.close();
  await f?.close();
});

const failingSince = async (id: string) =>
  (await f.service.runtime.database.orm.select({ at: endpoints.failingSince }).from(endpoints).where(eq(endpoints.id, id)))[0]!.at;

describe('endpoint health', () => {
  it('remembers since when an endpoint fails, and forgets it at its first success', async () => {
    receiver.respondWith((_req, i) => ({ status: i < 2 ? 500 : 200 }));
    const endpoint = await f.endpointFor(receiver, { events: ['user.created'] });
    await f.publish('user.created', userCreated('flaky'));
    await waitFor('a failure to be recorded', async () => (await failingSince(endpoint.id)) !== null);
    await receiver.waitForRequests(3);
    await waitFor('the success to clear it', async () => (await failingSince(endpoint.id)) === null);
    expect((await f.admin.get(`/api/v1/webhooks/${endpoint.id}`)).body.active).toBe(true);
  });

  it('disables an endpoint whose every attempt failed for longer than the window, saying since when', async () => {
    receiver.requests.length = 0;
    receiver.respondWith(() => ({ status: 502 }));
    const endpoint = await f.endpointFor(receiver, { events: ['user.login'] });
    await f.publish('user.login', { user_id: 'usr_down', email: 'down@example.com', login_at: new Date().toISOString() });
    const disabled = await waitFor('the endpoint to be disabled', async () => {
      const res = await f.admin.get(`/api/v1/webhooks/${endpoint.id}`);
      return res.body.active === false ? res.body : null;
    });
    expect(disabled.disabled_reason).toMatch(/^every attempt failed since \d{4}-\d\d-\d\dT/);
    expect(receiver.requests.length).toBeGreaterThan(1);
  });
});
