import { createLogger } from '@ops/logger';
import { useReceivers, waitFor } from '@ops/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookFixture, userCreated, type WebhookFixture } from '../../test/webhook.fixture.js';

/** At the default level (info), each failed attempt says which endpoint and event, why, and what comes next. */
let f: WebhookFixture;
const lines: Array<Record<string, unknown>> = [];
const receiver = useReceivers();

beforeAll(async () => {
  const logger = createLogger({ name: 'webhook', level: 'info', destination: { write: (line) => lines.push(JSON.parse(line)) } });
  f = await startWebhookFixture({ WEBHOOK_RETRY_DELAYS_MS: '60000' }, { logger });
});
afterAll(async () => {
  await f?.close();
});

describe('a failed attempt, in the logs', () => {
  it('is logged at info with the endpoint, the event, the attempt number, the error and the next attempt time', async () => {
    const r = await receiver();
    r.respondWith(() => ({ status: 503 }));
    const endpoint = await f.endpointFor(r, { events: ['user.created'] });
    const before = Date.now();
    const event = await f.publish('user.created', userCreated('failing'));
    const line = await waitFor('the failed attempt logged', async () =>
      lines.find((l) => l.msg === 'attempt failed' && l.eventId === event.id),
    );
    expect(line).toMatchObject({ level: 30, endpointId: endpoint.id, eventType: 'user.created', attemptNumber: 1, statusCode: 503 });
    expect(String(line.error)).toMatch(/503/);
    // The schedule's one retry, a minute out (spread by ±20 %): when an operator can expect the next try.
    const next = Date.parse(String(line.nextAttemptAt)) - before;
    expect(next).toBeGreaterThan(40_000);
    expect(next).toBeLessThan(90_000);
  });
});
