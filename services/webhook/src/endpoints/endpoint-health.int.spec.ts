import { waitFor } from '@ops/testing';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { endpoints } from '../schema.js';
import { useWebhookFixture, userCreated } from '../../test/webhook.fixture.js';

// Failing for 400 ms stands for Svix's five days.
const suite = useWebhookFixture({
  WEBHOOK_DISABLE_AFTER_FAILING_MS: '400',
  WEBHOOK_RETRY_DELAYS_MS: '50,50,50,50,50,50,50,50,50,50,50,50',
});

const failingSince = async (id: string) =>
  (await suite.f.service.runtime.database.orm.select({ at: endpoints.failingSince }).from(endpoints).where(eq(endpoints.id, id)))[0]!.at;

describe('endpoint health', () => {
  it('remembers since when an endpoint fails, and forgets it at its first success', async () => {
    suite.receiver.respondWith((_req, i) => ({ status: i < 2 ? 500 : 200 }));
    const endpoint = await suite.f.endpointFor(suite.receiver, { events: ['user.created'] });
    await suite.f.publish('user.created', userCreated('flaky'));
    await waitFor('a failure to be recorded', async () => (await failingSince(endpoint.id)) !== null);
    await suite.receiver.waitForRequests(3);
    await waitFor('the success to clear it', async () => (await failingSince(endpoint.id)) === null);
    expect((await suite.f.admin.get(`/api/v1/webhooks/${endpoint.id}`)).body.active).toBe(true);
  });

  it('disables an endpoint whose every attempt failed for longer than the window, saying since when', async () => {
    suite.receiver.requests.length = 0;
    suite.receiver.respondWith(() => ({ status: 502 }));
    const endpoint = await suite.f.endpointFor(suite.receiver, { events: ['user.login'] });
    await suite.f.publish('user.login', { user_id: 'usr_down', email: 'down@example.com', login_at: new Date().toISOString() });
    const disabled = await waitFor('the endpoint to be disabled', async () => {
      const res = await suite.f.admin.get(`/api/v1/webhooks/${endpoint.id}`);
      return res.body.active === false ? res.body : null;
    });
    expect(disabled.disabled_reason).toMatch(/^every attempt failed since \d{4}-\d\d-\d\dT/);
    expect(suite.receiver.requests.length).toBeGreaterThan(1);
  });
});
