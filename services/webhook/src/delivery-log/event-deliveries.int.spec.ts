import { waitFor } from '@ops/testing';
import { describe, expect, it } from 'vitest';
import { useWebhookFixture, userCreated } from '../../test/webhook.fixture.js';

const suite = useWebhookFixture();

describe('deliveries of one event', () => {
  it('lists them at every endpoint the caller may see, and only those', async () => {
    const owner = suite.f.as(await suite.f.tokens.user({ org_e: 'owner' }));
    const outsider = suite.f.as(await suite.f.tokens.user({ org_other: 'owner' }));
    const orgEndpoint = await suite.f.endpointFor(
      suite.receiver,
      { events: ['user.created'], org_id: 'org_e' },
      await suite.f.tokens.user({ org_e: 'owner' }),
    );
    const platformEndpoint = await suite.f.endpointFor(suite.receiver, { events: ['user.created'] });
    const event = await suite.f.publish('user.created', userCreated('lookup'), 'org_e');
    const path = `/api/v1/webhooks/events/${event.id}/deliveries`;

    const all = await waitFor('both deliveries to succeed', async () => {
      const res = await suite.f.admin.get(path);
      return res.status === 200 && res.body.data.length === 2 && res.body.data.every((d: { status: string }) => d.status === 'succeeded')
        ? res.body.data
        : null;
    });
    expect(all.map((d: { endpoint_id: string; event_id: string }) => [d.endpoint_id, d.event_id]).sort()).toEqual(
      [
        [orgEndpoint.id, event.id],
        [platformEndpoint.id, event.id],
      ].sort(),
    );

    const own = await owner.get(path);
    expect(own.status).toBe(200);
    expect(own.body.data).toEqual([
      expect.objectContaining({ endpoint_id: orgEndpoint.id, event_id: event.id, status: 'succeeded', attempt_count: 1 }),
    ]);
    expect((await outsider.get(path)).body).toMatchObject({ code: 'OPS_ERR_NOT_FOUND' });
  });

  it('answers 404 for an event with no delivery, 400 for an id too long', async () => {
    expect((await suite.f.admin.get('/api/v1/webhooks/events/evt_never/deliveries')).status).toBe(404);
    const tooLong = await suite.f.admin.get(`/api/v1/webhooks/events/${'e'.repeat(101)}/deliveries`);
    expect(tooLong).toMatchObject({ status: 400, body: { code: 'OPS_ERR_VALIDATION' } });
  });
});
