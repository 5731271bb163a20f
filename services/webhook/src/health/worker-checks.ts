import type { Database } from '@ops/db';
import type { ReadinessCheck } from '@ops/http';
import type { JetStreamServer } from '@ops/messaging';
import { sql } from 'drizzle-orm';
import type { Dispatcher } from '../delivery/dispatcher.js';
import { deliveries } from '../schema.js';

/**
 * Readiness that catches a silently stalled worker (a recurring failure of other webhook systems): red when
 * work is waiting and nothing has moved for `stallAfterMs`. An idle worker with nothing to do stays green.
 */
export function workerChecks(options: { consumer: JetStreamServer; dispatcher: Dispatcher; database: Database; stallAfterMs: number }): Record<string, ReadinessCheck> {
  const { consumer, dispatcher, database, stallAfterMs } = options;
  const seconds = Math.round(stallAfterMs / 1000);
  return {
    consumer: async () => {
      if (Date.now() - consumer.lastMessageAt < stallAfterMs) return null;
      const backlog = await consumer.backlog();
      return backlog > 0 ? `${backlog} events waiting and none received for over ${seconds} s` : null;
    },
    dispatcher: async () => {
      if (Date.now() - dispatcher.lastProgressAt < stallAfterMs) return null;
      const overdue = await database.query<{ n: number }>(
        database.orm,
        sql`select count(*)::int as n from (select 1 from ${deliveries}
            where status in ('pending', 'retrying') and next_attempt_at < now() - ${stallAfterMs} * interval '1 millisecond' limit 1000) o`,
      );
      const n = overdue[0]?.n ?? 0;
      return n > 0 ? `${n}${n === 1000 ? '+' : ''} deliveries overdue and no progress for over ${seconds} s` : null;
    },
  };
}
