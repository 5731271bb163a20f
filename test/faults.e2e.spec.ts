import { runScenario, scenarios, formatTable, type ScenarioResult } from '@ops/faults';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The bounded set of the fault-injection suite (`pnpm faults` runs them all): each scenario starts the
 * services from their built `dist/main.js` on a PostgreSQL and a nats-server of its own, breaks one thing
 * mid-burst, and counts what signed-verified receivers got. The promise under test: no accepted event lost,
 * no 5xx but a documented 503, no process dying on its own.
 */
const results: ScenarioResult[] = [];

describe('fault injection (bounded set)', () => {
  afterAll(() => {
    if (results.length) process.stdout.write(`${formatTable(results)}\n`);
  });

  for (const scenario of scenarios.filter((s) => s.ci)) {
    it(`${scenario.name}: every accepted event delivered`, { timeout: 150_000 }, async () => {
      const result = await runScenario(scenario);
      results.push(result);
      expect(result.accepted).toBeGreaterThan(0);
      expect(result.receivedPerEndpoint.length).toBeGreaterThan(0);
      expect({
        lost: result.lost,
        serverErrors: result.serverErrors.filter((s) => s !== 503),
        unexpectedExits: result.unexpectedExits,
      }).toEqual({ lost: 0, serverErrors: [], unexpectedExits: 0 });
      expect(result.notes.filter((n) => n.startsWith('FINDING'))).toEqual([]);
    });
  }
});
