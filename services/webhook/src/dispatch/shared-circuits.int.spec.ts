import { createLogger } from '@ops/logger';
import { waitFor } from '@ops/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { endpointCircuits } from '../schema.js';
import { useWebhookFixture } from '../../test/webhook.fixture.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { SharedCircuits } from './shared-circuits.js';

/** Two workers' breakers on one database: what one finds dead, the other rests; what one finds alive, both use. */
const suite = useWebhookFixture();
const logger = createLogger({ name: 'test', level: 'silent' });
const workers: SharedCircuits[] = [];
afterAll(async () => {
  for (const w of workers) await w.stop();
});

function worker(now: () => number = Date.now) {
  const breaker = new CircuitBreaker({ failureThreshold: 2, openMs: 60_000, maxOpenMs: 600_000 }, now);
  const circuits = new SharedCircuits({ database: suite.f.service.runtime.database, breaker, logger, intervalMs: 20 });
  circuits.start();
  workers.push(circuits);
  return { breaker, circuits };
}

describe('circuits shared between workers', () => {
  it('rests an endpoint in every worker once one opens its circuit, and closes it in every worker when a probe succeeds', async () => {
    const endpoint = await suite.f.endpointFor(suite.receiver);
    let clockB = Date.now();
    const a = worker();
    const b = worker(() => clockB);
    expect(b.breaker.allows(endpoint.id)).toBe(true);

    a.breaker.record(endpoint.id, false);
    expect(a.breaker.record(endpoint.id, false)).toBe('opened');
    await a.circuits.opened(endpoint.id);
    await waitFor('the other worker to rest the endpoint too', () => b.breaker.resting(endpoint.id));
    expect(b.breaker.openUntil(endpoint.id)).toBe(a.breaker.openUntil(endpoint.id));
    expect(b.breaker.allows(endpoint.id)).toBe(false);

    // The rest is over for B first: its one probe succeeds, and A's circuit closes without a probe of its own.
    clockB = a.breaker.openUntil(endpoint.id) + 1;
    expect(b.breaker.allows(endpoint.id)).toBe(true);
    expect(b.breaker.allows(endpoint.id)).toBe(false);
    expect(b.breaker.record(endpoint.id, true)).toBe('closed');
    await b.circuits.closed(endpoint.id);
    await waitFor('the opener to close its circuit', () => !a.breaker.resting(endpoint.id));
    expect(a.breaker.allows(endpoint.id)).toBe(true);
    expect(await suite.f.service.runtime.database.orm.select().from(endpointCircuits)).toEqual([]);
  });

  it("shares a failed probe's longer rest", async () => {
    const endpoint = await suite.f.endpointFor(suite.receiver);
    let clockA = Date.now();
    const a = worker(() => clockA);
    const b = worker();
    a.breaker.record(endpoint.id, false);
    a.breaker.record(endpoint.id, false);
    await a.circuits.opened(endpoint.id);
    await waitFor('B resting', () => b.breaker.resting(endpoint.id));
    clockA = a.breaker.openUntil(endpoint.id) + 1;
    expect(a.breaker.allows(endpoint.id)).toBe(true);
    expect(a.breaker.record(endpoint.id, false)).toBe('opened');
    await a.circuits.opened(endpoint.id);
    const longer = a.breaker.openUntil(endpoint.id);
    await waitFor('B to rest the doubled time', () => b.breaker.openUntil(endpoint.id) === longer);
  });
});
