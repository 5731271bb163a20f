import { randomBytes } from 'node:crypto';
import { waitFor } from '@ops/testing';
import { readWebhookApi, registerThroughApi } from '../load.js';
import type { Scenario } from '../scenario.js';

/** Registrations accepted before the kill, and again after the restart, before the load stops. */
const writesAround = 25;

/**
 * The user service killed -9 while registrations come in through its API, then restarted: every 2xx'd
 * registration's user.created, written to the outbox in the same transaction, is delivered by the relay.
 */
export const killUser: Scenario = {
  name: 'kill -9 user during API writes',
  ci: true,
  async run({ platform, track }) {
    await platform.endpoint(['user.created']);
    await platform.endpoint(['user.created']);
    const [user] = platform.users;
    track(readWebhookApi(() => platform.webhooks.map((w) => w.url), platform.adminToken));
    const writes = track(registerThroughApi(() => user!.url, { runId: randomBytes(3).toString('hex') }));
    await waitFor(`${writesAround} registrations`, () => writes.accepted.length >= writesAround, { timeoutMs: 30_000 });
    await user!.kill('SIGKILL');
    const faultAt = Date.now();
    const acceptedAtKill = writes.accepted.length;
    await user!.restart();
    await waitFor(`${writesAround} more registrations`, () => writes.accepted.length >= acceptedAtKill + writesAround, { timeoutMs: 30_000 });
    return { faultAt, keyOf: (body) => String((body.data as { user_id: string }).user_id) };
  },
};
