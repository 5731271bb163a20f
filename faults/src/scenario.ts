import { waitFor } from '@ops/testing';
import type { Load } from './load.js';
import { FaultPlatform, type PlatformShape } from './platform.js';

/** One row of the table. */
export interface ScenarioResult {
  scenario: string;
  /** Events the platform accepted: PubAck'd publishes, or 2xx'd API writes whose event must arrive. */
  accepted: number;
  /** Unique events received (signature verified) at each endpoint. */
  receivedPerEndpoint: number[];
  /** Accepted events some endpoint never received, summed over the endpoints (but those not expected to). */
  lost: number;
  /** Events received more than once, summed over the endpoints. */
  duplicates: number;
  /** From the fault (a kill: once the process is gone; an outage: the dependency's return) to the first event delivered after it. */
  firstDeliveryAfterMs: number | undefined;
  /** From the same moment to the last accepted event's arrival. */
  allDeliveredAfterMs: number | undefined;
  /** The status of every 5xx answer the API gave during the run (a documented 503 is one too). */
  serverErrors: number[];
  /** Service processes that exited although nobody stopped them (restarted, as an orchestrator would). */
  unexpectedExits: number;
  /** What else the run saw: exit codes, a crash's first line. */
  notes: string[];
}

export interface Scenario {
  name: string;
  /** Part of the bounded set CI runs. */
  ci: boolean;
  shape?: PlatformShape;
  /** Breaks something while load runs; returns when the (first) fault happened. */
  run(context: ScenarioContext): Promise<FaultRun>;
}

export interface ScenarioContext {
  platform: FaultPlatform;
  /** Lines for the report under the table. */
  notes: string[];
  /** Registers a load: it is stopped before counting, and on failure. */
  track<L extends Load>(load: L): L;
}

export interface FaultRun {
  faultAt: number;
  /** For a dependency's outage: when it was back. Recovery is timed from here, else from the fault. */
  restoredAt?: number;
  /** Maps a received body to an accepted key (default: the event id). */
  keyOf?: (body: Record<string, unknown>) => string;
}

/** Longest a scenario waits for every accepted event after its load stopped. */
const settleTimeoutMs = 60_000;

/**
 * Runs one scenario on a fresh platform, waits until every accepted event arrived at every endpoint (or the
 * bound passes: what is missing then is lost), and cleans up every process and directory, failure or not.
 */
export async function runScenario(scenario: Scenario): Promise<ScenarioResult> {
  const platform = await FaultPlatform.start(scenario.shape);
  const notes: string[] = [];
  const loads: Load[] = [];
  const track = <L extends Load>(load: L) => {
    loads.push(load);
    return load;
  };
  try {
    const { faultAt: fault, restoredAt, keyOf } = await scenario.run({ platform, notes, track });
    const faultAt = restoredAt ?? fault;
    await Promise.all(loads.map((l) => l.stop()));
    const accepted = loads.flatMap((l) => l.accepted);
    const counted = platform.tallies.filter((t) => !platform.exempt.has(t));
    const missing = () => counted.reduce((sum, t) => sum + t.lost(accepted, keyOf).length, 0);
    await waitFor('every accepted event at every endpoint', () => missing() === 0, { timeoutMs: settleTimeoutMs, intervalMs: 100 }).catch(
      () => undefined,
    );
    const lastArrivals = counted.map((t) => t.lastArrival()).filter((t): t is number => t !== undefined);
    const firstAfter = platform.tallies.map((t) => t.firstArrivalAfter(faultAt)).filter((t): t is number => t !== undefined);
    for (const service of platform.services) {
      for (const exit of service.unexpectedExits)
        notes.push(`${service.name} exited (${exit.signal ?? `code ${exit.code}`}): ${firstLine(exit.stderr)}`);
    }
    const badSignatures = platform.tallies.reduce((sum, t) => sum + t.badSignatures, 0);
    if (badSignatures > 0) notes.push(`FINDING: ${badSignatures} requests failed signature verification`);
    return {
      scenario: scenario.name,
      accepted: accepted.length,
      receivedPerEndpoint: platform.tallies.map((t) => t.arrivals.size),
      lost: missing(),
      duplicates: platform.tallies.reduce((sum, t) => sum + t.duplicates, 0),
      firstDeliveryAfterMs: firstAfter.length ? Math.min(...firstAfter) - faultAt : undefined,
      allDeliveredAfterMs: lastArrivals.length && missing() === 0 ? Math.max(0, Math.max(...lastArrivals) - faultAt) : undefined,
      serverErrors: loads.flatMap((l) => l.serverErrors),
      unexpectedExits: platform.services.reduce((sum, s) => sum + s.unexpectedExits.length, 0),
      notes,
    };
  } finally {
    await Promise.allSettled(loads.map((l) => l.stop()));
    await platform.close();
  }
}

function firstLine(stderr: string): string {
  return (
    stderr
      .split('\n')
      .find((l) => /error/i.test(l))
      ?.trim()
      .slice(0, 160) ??
    stderr.trim().split('\n').pop()?.slice(0, 160) ??
    ''
  );
}
