import { waitFor } from '@ops/testing';
import { publishToJetStream, readWebhookApi } from '../load.js';
import type { ScenarioContext } from '../scenario.js';

/** Events per burst and their pace: long enough for a fault in the middle, short enough for CI. */
export const burst = { total: 1500, perSecond: 300 };

/**
 * Two endpoints for device.registered, a burst published straight to JetStream and the webhook API read
 * throughout; resolves once `before` events have been delivered, i.e. mid-burst: the moment to break something.
 */
export async function startBurst({ platform, track }: ScenarioContext, { before = 300 } = {}) {
  await platform.endpoint(['device.registered']);
  await platform.endpoint(['device.registered']);
  track(readWebhookApi(() => platform.webhooks.filter((w) => w.alive()).map((w) => w.url), platform.adminToken));
  const load = track(publishToJetStream(platform.publisher, burst));
  await waitFor(`${before} deliveries`, () => platform.tallies.every((t) => t.arrivals.size >= before / 2), {
    timeoutMs: 30_000,
    intervalMs: 20,
  });
  return load;
}
