import type { Database } from '@ops/db';
import type { ReadinessCheck } from '@ops/http';
import type { JetStreamServer } from '@ops/messaging';
import { countOverdue } from '../delivery-store/index.js';
import type { Dispatcher } from '../dispatch/dispatcher.js';

/**
 * Readiness that catches a silently stalled worker (a recurring failure of other webhook systems): red when
 * work is waiting and nothing has moved for `stallAfterMs`. An idle worker with nothing to do stays green.
 */
export function workerChecks(options: {
  consumer: JetStreamServer;
  dispatcher: Dispatcher;
  database: Database;
  stallAfterMs: number;
}): Record<string, ReadinessCheck> {
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
      const n = await countOverdue(database, stallAfterMs, 1000);
      return n > 0 ? `${n}${n === 1000 ? '+' : ''} deliveries overdue and no progress for over ${seconds} s` : null;
    },
  };
}
