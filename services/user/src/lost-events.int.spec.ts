import { rm } from 'node:fs/promises';
import { outboxChannel, type Verification } from '@ops/outbox';
import { NatsServer, readStream, waitFor } from '@ops/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from './schema.js';
import { useUserFixture } from '../test/user.fixture.js';

/**
 * A broker that acknowledged events and then lost them: the store is put back to a copy taken before they
 * were published, as a crash inside the flush interval leaves it. The check after the reconnection finds them.
 */
let nats: NatsServer;
beforeAll(async () => {
  nats = await NatsServer.start();
});
afterAll(async () => {
  await nats?.close();
});
// The periodic check is made rare: what is tested is the check after a reconnection.
const suite = useUserFixture(() => ({ NATS_URL: nats.url, OUTBOX_VERIFY_INTERVAL_MS: '3600000' }));

describe('events the broker acknowledged and lost', () => {
  it('are published again from the outbox, once each, after the broker restarts without them', async () => {
    const stream = { ...suite.f.stream, env: { ...suite.f.stream.env, NATS_URL: nats.url } };
    const before = await suite.f.signUp('before@example.com');
    await waitFor('user.created of the first user on the stream', async () =>
      (await readStream(stream)).some((e) => e.data.user_id === before.userId),
    );
    await nats.stop('SIGTERM');
    const snapshot = await nats.snapshot();
    try {
      await nats.start();
      const lost = [await suite.f.signUp('lost-1@example.com'), await suite.f.signUp('lost-2@example.com')];
      await waitFor('the later events acknowledged', async () => {
        const events = await readStream(stream);
        return lost.every((u) => events.some((e) => e.type === 'user.created' && e.data.user_id === u.userId));
      });
      const { relay, verifier, database } = suite.f.service.runtime;
      await relay!.flush();
      // The relay is publishing when the broker comes back (it holds the outbox's lock, as it does right after a
      // reconnection): the check made then looks at nothing, and must be made again rather than counted.
      const checks: Verification[] = [];
      const verify = verifier!.verify.bind(verifier);
      verifier!.verify = async () => {
        const result = await verify();
        checks.push(result);
        return result;
      };
      let release!: () => void;
      const relayBusy = database.tryExclusive(outboxChannel(outbox), () => new Promise<void>((resolve) => (release = resolve)));
      // The broker crashes and comes back with its store as it was before those events.
      await nats.stop('SIGKILL');
      await nats.restore(snapshot);
      await nats.start();
      await waitFor('a check after the reconnection to find the relay busy', () => checks.some((c) => c.busy));
      release();
      await relayBusy;
      expect((await readStream(stream)).some((e) => e.data.user_id === lost[0]!.userId)).toBe(false);
      const events = await waitFor(
        'the lost events on the stream again',
        async () => {
          const all = await readStream(stream);
          return lost.every((u) => all.some((e) => e.type === 'user.created' && e.data.user_id === u.userId)) ? all : null;
        },
        { timeoutMs: 30_000, intervalMs: 200 },
      );
      const ids = events.map((e) => e.id);
      expect(new Set(ids).size).toBe(ids.length);
      // Every event the service wrote (registrations, sign-ins) is there.
      const written = await database.orm.select({ eventId: outbox.eventId }).from(outbox);
      expect(ids.sort()).toEqual(written.map((r) => r.eventId).sort());
    } finally {
      await rm(snapshot, { recursive: true, force: true });
    }
  }, 60_000);
});
