import { randomBytes } from 'node:crypto';
import { waitFor } from '@ops/testing';
import { readWebhookApi, registerThroughApi } from '../load.js';
import type { Scenario } from '../scenario.js';

const userIdOf = (body: Record<string, unknown>) => String((body.data as { user_id: string }).user_id);

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
    await waitFor(`${writesAround} more registrations`, () => writes.accepted.length >= acceptedAtKill + writesAround, {
      timeoutMs: 30_000,
    });
    return { faultAt, keyOf: userIdOf };
  },
};

/**
 * Two user services (two outbox relays on one outbox) taking registrations in turn; each is killed -9 and
 * restarted in turn: the survivor's relay publishes what the dead one had claimed, nothing twice.
 */
export const killEachOfTwoRelays: Scenario = {
  name: 'two relay replicas, each killed in turn',
  ci: false,
  shape: { users: 2 },
  async run({ platform, track }) {
    await platform.endpoint(['user.created']);
    await platform.endpoint(['user.created']);
    let turn = 0;
    const live = () => platform.users.filter((u) => u.alive());
    const writes = track(registerThroughApi(() => live()[turn++ % live().length]!.url, { runId: randomBytes(3).toString('hex') }));
    let faultAt: number | undefined;
    for (const user of platform.users) {
      const accepted = writes.accepted.length;
      await waitFor(`${writesAround} registrations`, () => writes.accepted.length >= accepted + writesAround, { timeoutMs: 30_000 });
      await user.kill('SIGKILL');
      faultAt ??= Date.now();
      await user.restart();
    }
    const accepted = writes.accepted.length;
    await waitFor(`${writesAround} registrations after the last restart`, () => writes.accepted.length >= accepted + writesAround, {
      timeoutMs: 30_000,
    });
    return { faultAt: faultAt!, keyOf: userIdOf };
  },
};
