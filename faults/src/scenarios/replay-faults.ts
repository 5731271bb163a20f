import { api, waitFor } from '@ops/testing';
import { publishToJetStream } from '../load.js';
import type { Scenario } from '../scenario.js';

const events = 2000;

/**
 * A replay of the whole stream to an endpoint created after the events (so that only the replay can bring
 * them), read in batches of 100; the webhook process running it is killed -9 once a fifth arrived, then
 * restarted: the replay goes on from its checkpoint, nothing skipped.
 */
export const killReplayMidRange: Scenario = {
  name: 'replay killed mid-range',
  ci: false,
  shape: { env: { WEBHOOK_REPLAY_BATCH_SIZE: '100' } },
  async run({ platform, track, notes }) {
    const load = track(publishToJetStream(platform.publisher, { total: events, perSecond: events }));
    await load.done;
    const target = await platform.endpoint(['device.registered']);
    const [webhook] = platform.webhooks;
    const replay = await api(webhook!.url, platform.adminToken).post('/api/v1/webhooks/replays', {
      from_seq: 1,
      endpoint_id: platform.endpointIds.get(target),
    });
    if (replay.status !== 202) throw new Error(`starting the replay: ${replay.status} ${JSON.stringify(replay.body)}`);
    await waitFor('a fifth of the range replayed', () => target.arrivals.size >= events / 5, { timeoutMs: 30_000 });
    await webhook!.kill('SIGKILL');
    const faultAt = Date.now();
    await webhook!.restart();
    const done = await waitFor(
      'the replay completed',
      async () => {
        const res = await api(webhook!.url, platform.adminToken).get(`/api/v1/webhooks/replays/${replay.body.id}`);
        return res.body.status === 'completed' ? res.body : null;
      },
      { timeoutMs: 90_000, intervalMs: 200 },
    );
    notes.push(
      `replay ${done.status}: ${done.sequences_done} of ${done.sequences_total} sequences, ${done.deliveries_created} deliveries created; completed ${Date.now() - faultAt} ms after the kill`,
    );
    return { faultAt };
  },
};
