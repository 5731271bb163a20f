import type { Executor } from '@ops/db';
import { sql } from 'drizzle-orm';

/** The NOTIFY channel that tells dispatchers (in every replica) that deliveries are due now. */
export const DELIVERIES_CHANNEL = 'webhooks_deliveries';

/** Wakes every replica's dispatcher when the caller's transaction commits (a NOTIFY is delivered at commit). */
export async function notifyDeliveriesDue(tx: Executor): Promise<void> {
  await tx.execute(sql`select pg_notify(${DELIVERIES_CHANNEL}, '')`);
}
