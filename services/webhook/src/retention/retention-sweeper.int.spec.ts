import { newId } from '@ops/events';
import { createLogger } from '@ops/logger';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { attempts, deliveries, events } from '../schema.js';
import { useWebhookFixture, userCreated } from '../../test/webhook.fixture.js';
import { RetentionSweeper } from './retention-sweeper.js';

const suite = useWebhookFixture();

describe('retention', () => {
  it('removes finished deliveries, their attempts and events past the age, in batches, and nothing else', async () => {
    const { orm } = suite.f.service.runtime.database;
    const endpoint = await suite.f.endpointFor(suite.receiver, { events: ['user.created'] });
    const daysAgo = (n: number) => sql`now() - ${n} * interval '1 day'`;
    const seed = async (name: string, status: 'succeeded' | 'failed' | 'retrying', finishedDaysAgo: number | null) => {
      const eventId = newId('evt');
      const deliveryId = newId('dlv');
      await orm.insert(events).values({
        id: eventId,
        type: 'user.created',
        source: 'user',
        orgId: null,
        time: new Date().toISOString(),
        data: userCreated(name),
        streamSeq: 1,
        receivedAt: daysAgo(40),
      });
      await orm.insert(deliveries).values({
        id: deliveryId,
        eventId,
        endpointId: endpoint.id,
        eventType: 'user.created',
        status,
        attemptCount: 1,
        // Not due: the dispatcher must leave these rows alone during the test.
        nextAttemptAt: daysAgo(-1),
        completedAt: finishedDaysAgo === null ? null : daysAgo(finishedDaysAgo),
      });
      await orm
        .insert(attempts)
        .values({ id: newId('att'), deliveryId, attemptNumber: 1, startedAt: new Date(), latencyMs: 1, statusCode: 500, succeeded: false });
      return { eventId, deliveryId };
    };
    const old = [await seed('a', 'succeeded', 40), await seed('b', 'failed', 35), await seed('c', 'succeeded', 31)];
    const recent = await seed('d', 'succeeded', 2);
    const stillRetrying = await seed('e', 'retrying', null);

    const sweeper = new RetentionSweeper({
      database: suite.f.service.runtime.database,
      logger: createLogger({ name: 'test', level: 'silent' }),
      retentionMs: 30 * 24 * 3600_000,
      batchSize: 2,
      pauseMs: 0,
    });
    expect(await sweeper.sweep()).toEqual({ attemptDays: 0, deliveries: 3, events: 3 });

    for (const { eventId, deliveryId } of old) {
      expect(await orm.select().from(deliveries).where(eq(deliveries.id, deliveryId))).toHaveLength(0);
      expect(await orm.select().from(attempts).where(eq(attempts.deliveryId, deliveryId))).toHaveLength(0);
      expect(await orm.select().from(events).where(eq(events.id, eventId))).toHaveLength(0);
    }
    for (const { deliveryId } of [recent, stillRetrying]) {
      expect(await orm.select().from(deliveries).where(eq(deliveries.id, deliveryId))).toHaveLength(1);
      expect(await orm.select().from(attempts).where(eq(attempts.deliveryId, deliveryId))).toHaveLength(1);
    }
    expect(await sweeper.sweep()).toEqual({ attemptDays: 0, deliveries: 0, events: 0 });
  });
});
