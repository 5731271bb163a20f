import { waitFor, type Reply, type WebhookTally } from '@ops/testing';
import { publishToJetStream } from '../load.js';
import type { Scenario } from '../scenario.js';

const burst = { total: 400, perSecond: 100 };
/** How long the receivers that recover misbehave. */
const badForMs = 3000;

/** Answers with `reply` until `until`, then 200: a receiver that has an outage, then recovers. */
function failUntil(until: number, reply: Reply): () => Reply {
  return () => (Date.now() < until ? reply : { status: 200 });
}

/** Publish-to-receipt latency at `tallies` of the events `ids`, as `p50 X ms, p99 Y ms`. */
function latency(tallies: WebhookTally[], ids: string[]): string {
  const wanted = new Set(ids);
  const times = tallies
    .flatMap((t) => [...t.arrivals.values()])
    .filter((a) => wanted.has(String(a.body.id)))
    .map((a) => a.at - Date.parse(String(a.body.timestamp)))
    .sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
  return `p50 ${at(0.5)} ms, p99 ${at(0.99)} ms`;
}

/**
 * Four receivers turn bad at once (one hangs, one answers 500 and one 429 with Retry-After for a few seconds
 * and then 200, one 410 Gone) while two stay healthy: the bad ones must not slow the healthy ones, and the two
 * that recover must still get every event. Retry timing and the circuit breaker are shortened so that recovery
 * fits in the run.
 */
export const misbehavingReceivers: Scenario = {
  name: 'misbehaving receivers (hang, 500, 429, 410)',
  ci: false,
  shape: { env: { WEBHOOK_REQUEST_TIMEOUT_MS: '2000', WEBHOOK_BREAKER_OPEN_MS: '500', WEBHOOK_BREAKER_MAX_OPEN_MS: '1000' } },
  async run({ platform, track, notes }) {
    const types = ['device.registered'];
    const healthy = [await platform.endpoint(types), await platform.endpoint(types)];
    const hanging = await platform.endpoint(types, { mustReceiveAll: false });
    const gone = await platform.endpoint(types, { mustReceiveAll: false });
    const flaky = await platform.endpoint(types);
    const limited = await platform.endpoint(types);
    const before = track(publishToJetStream(platform.publisher, burst));
    await before.done;
    await waitFor('the first burst at every endpoint', () => platform.tallies.every((t) => t.lost(before.accepted).length === 0), {
      timeoutMs: 30_000,
    });
    hanging.answerWith(() => ({ status: 200, delayMs: 60_000 }));
    gone.answerWith(() => ({ status: 410 }));
    const faultAt = Date.now();
    flaky.answerWith(failUntil(faultAt + badForMs, { status: 500 }));
    limited.answerWith(failUntil(faultAt + badForMs, { status: 429, headers: { 'retry-after': '1' } }));
    const after = track(publishToJetStream(platform.publisher, burst));
    await after.done;
    await waitFor('the second burst at the healthy endpoints', () => healthy.every((t) => t.lost(after.accepted).length === 0), {
      timeoutMs: 30_000,
    });
    notes.push(
      `healthy endpoints, publish to receipt: all receivers well ${latency(healthy, before.accepted)}; four misbehaving ${latency(healthy, after.accepted)}`,
    );
    return { faultAt };
  },
};
