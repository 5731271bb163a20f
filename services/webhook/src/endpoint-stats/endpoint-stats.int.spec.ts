import { waitFor } from '@ops/testing';
import { describe, expect, it } from 'vitest';
import { useWebhookFixture, userCreated } from '../../test/webhook.fixture.js';

const suite = useWebhookFixture();

describe('endpoint stats', () => {
  it('counts every attempt of the last hour and day, retries included, with latency percentiles and a series', async () => {
    // The first event fails twice, then succeeds: three attempts, two of them in `attempts`, the last on its row.
    suite.receiver.respondWith((_req, i) => ({ status: i < 2 ? 500 : 200 }));
    const endpoint = await suite.f.endpointFor(suite.receiver, { org_id: 'org_stats', events: ['user.created'] });
    await suite.f.publish('user.created', userCreated('stats-1'), 'org_stats');
    await suite.receiver.waitForRequests(3);
    await suite.f.publish('user.created', userCreated('stats-2'), 'org_stats');
    const stats = await waitFor('four attempts counted', async () => {
      const res = await suite.f.admin.get(`/api/v1/webhooks/${endpoint.id}/stats`);
      expect(res.status).toBe(200);
      return res.body.last_hour.attempts === 4 ? res.body : null;
    });

    expect(stats).toMatchObject({
      endpoint_id: endpoint.id,
      active: true,
      failing_since: null,
      circuit: { state: 'closed', open_until: null },
    });
    expect(stats.last_hour).toMatchObject({ attempts: 4, succeeded: 2, failed: 2, success_rate: 0.5 });
    expect(stats.last_day).toEqual(stats.last_hour);
    expect(stats.last_hour.latency_ms.p50).toEqual(expect.any(Number));
    expect(stats.last_hour.latency_ms.p99).toBeGreaterThanOrEqual(stats.last_hour.latency_ms.p50);

    expect(stats.series).toMatchObject({ window: 'hour', bucket_ms: 60_000 });
    expect(stats.series.buckets).toHaveLength(60);
    expect(stats.series.buckets.reduce((n: number, b: { attempts: number }) => n + b.attempts, 0)).toBe(4);
    const last = stats.series.buckets.at(-1);
    expect(Date.parse(last.start)).toBeLessThanOrEqual(Date.now());
    expect(Date.parse(last.start) + 60_000).toBeGreaterThan(Date.now() - 5_000);
    expect(stats.series.buckets[0].success_rate).toBe(null);

    const day = await suite.f.admin.get(`/api/v1/webhooks/${endpoint.id}/stats?window=day`);
    expect(day.body.series).toMatchObject({ window: 'day', bucket_ms: 3_600_000 });
    expect(day.body.series.buckets).toHaveLength(24);
    // The last two hours: the attempts may straddle an hour's start.
    expect(day.body.series.buckets.slice(-2).reduce((n: number, b: { attempts: number }) => n + b.attempts, 0)).toBe(4);
  });

  it('shows an endpoint that fails: since when, in its stats and its view, with a success rate of 0', async () => {
    suite.receiver.respondWith(() => ({ status: 503 }));
    const endpoint = await suite.f.endpointFor(suite.receiver, { org_id: 'org_stats', events: ['user.login'] });
    await suite.f.publish('user.login', { user_id: 'usr_x', email: 'x@example.com', login_at: new Date().toISOString() }, 'org_stats');
    const stats = await waitFor('the failure counted', async () => {
      const res = await suite.f.admin.get(`/api/v1/webhooks/${endpoint.id}/stats`);
      return res.body.failing_since !== null && res.body.last_hour.failed > 0 ? res.body : null;
    });
    expect(stats.last_hour.succeeded).toBe(0);
    expect(stats.last_hour.success_rate).toBe(0);
    expect((await suite.f.admin.get(`/api/v1/webhooks/${endpoint.id}`)).body.failing_since).toBe(stats.failing_since);
  });

  it('answers 404 to a caller outside the organization, and 400 naming a bad window', async () => {
    const endpoint = await suite.f.endpointFor(suite.receiver, { org_id: 'org_stats', events: ['user.created'] });
    const outsider = suite.f.as(await suite.f.tokens.user({ org_other: 'owner' }));
    expect((await outsider.get(`/api/v1/webhooks/${endpoint.id}/stats`)).status).toBe(404);
    const member = suite.f.as(await suite.f.tokens.user({ org_stats: 'member' }));
    expect((await member.get(`/api/v1/webhooks/${endpoint.id}/stats`)).status).toBe(200);
    const bad = await suite.f.admin.get(`/api/v1/webhooks/${endpoint.id}/stats?window=week`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('window');
  });
});
