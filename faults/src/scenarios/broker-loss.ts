import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { readStream, waitFor } from '@ops/testing';
import { registerThroughApi } from '../load.js';
import type { Scenario } from '../scenario.js';

const userIdOf = (body: Record<string, unknown>) => String((body.data as { user_id: string }).user_id);

/**
 * The broker acknowledges registrations' events and then loses them: its store is put back to a copy taken
 * before they were published, as a crash inside its flush interval leaves it. The webhook service is down
 * meanwhile, so that those events were never ingested either: only the outbox verifier, which finds what the
 * stream lost and publishes it again, can bring them to the endpoints.
 */
export const brokerLosesAcknowledged: Scenario = {
  name: 'broker loses acknowledged events',
  ci: false,
  async run({ platform, track, notes }) {
    await platform.endpoint(['user.created']);
    await platform.endpoint(['user.created']);
    const { nats } = platform;
    const [webhook] = platform.webhooks;
    const writes = track(registerThroughApi(() => platform.users[0]!.url, { runId: randomBytes(3).toString('hex') }));
    await waitFor(
      '10 registrations delivered',
      () => writes.accepted.length >= 10 && platform.tallies.every((t) => t.lost(writes.accepted, userIdOf).length === 0),
      { timeoutMs: 30_000 },
    );
    await webhook!.kill('SIGKILL');
    await nats.stop('SIGTERM');
    const acceptedAtSnapshot = writes.accepted.length;
    const snapshot = await nats.snapshot();
    try {
      await nats.start();
      await waitFor('25 registrations after the snapshot', () => writes.accepted.length >= acceptedAtSnapshot + 25, { timeoutMs: 30_000 });
      await writes.stop();
      await waitFor(
        'every registration acknowledged by the stream',
        async () => {
          const streamed = new Set((await readStream(platform.stream)).map((e) => e.data.user_id as string));
          return writes.accepted.every((id) => streamed.has(id));
        },
        { timeoutMs: 30_000, intervalMs: 200 },
      );
      await nats.stop('SIGKILL');
      const faultAt = Date.now();
      await nats.restore(snapshot);
      await nats.start();
      const restoredAt = Date.now();
      // Accepted after the store was copied, acknowledged, then gone (an event accepted just before the copy
      // but published after it is gone too: at least this many).
      notes.push(`the broker lost at least ${writes.accepted.length - acceptedAtSnapshot} acknowledged events`);
      await webhook!.restart();
      return { faultAt, restoredAt, keyOf: userIdOf };
    } finally {
      await rm(snapshot, { recursive: true, force: true });
    }
  },
};
