import type { Database } from '@ops/db';
import { sql } from 'drizzle-orm';
import { createReplayDeliveries, deliveryOf, storeEvents, toStore, type ReceivedEvent } from '../delivery-store/index.js';
import type { EndpointDirectory, KnownEndpoint } from '../endpoints/endpoint-directory.js';
import { subscriptionMatches } from '../endpoints/subscription.js';
import { replays, type ReplayRow } from '../schema.js';

/** The replay was paused, cancelled, or taken over by another worker (its lease ran out): stop reading it. */
export class ReplayLeaseLostError extends Error {
  constructor(replayId: string) {
    super(`replay ${replayId} is no longer this worker's to run`);
    this.name = 'ReplayLeaseLostError';
  }
}

export interface ReplayBatch {
  /** Events read from the stream in this batch, in range and valid. */
  events: readonly ReceivedEvent[];
  /** Messages read, including those skipped (malformed). */
  read: number;
  /** The checkpoint after this batch: the first sequence not read yet. */
  nextSeq: number;
  /** The range is done: the replay completes with this batch. */
  last: boolean;
  runner: string;
  leaseMs: number;
}

/** Whether a replay reaches this endpoint: the one it names, or every endpoint of its organization (all for a platform replay). */
function reaches(replay: ReplayRow, endpoint: KnownEndpoint): boolean {
  if (replay.endpointId) return endpoint.id === replay.endpointId;
  return replay.orgId === null || endpoint.orgId === replay.orgId;
}

/**
 * Records one batch of a replay: the deliveries its events match (marked with the replay, created pending,
 * behind live traffic) and the replay's checkpoint, in one transaction. The checkpoint only moves while this
 * worker holds the replay and it is running, so a pause, a cancel or a takeover leaves nothing half-written;
 * a batch written twice (after a crash between commit and acknowledgement) adds nothing, by the unique
 * (replay, event, endpoint) index.
 */
export async function recordReplayBatch(
  database: Database,
  directory: EndpointDirectory,
  replay: ReplayRow,
  batch: ReplayBatch,
): Promise<{ matched: number; created: number }> {
  return database.orm.transaction(async (tx) => {
    await directory.refresh(tx);
    const matchedEvents: ReceivedEvent[] = [];
    const rows: Parameters<typeof createReplayDeliveries>[3][number][] = [];
    for (const received of batch.events) {
      const { event } = received;
      if (replay.eventTypes && !subscriptionMatches(replay.eventTypes, event.type)) continue;
      const targets = directory.match(event).filter((e) => reaches(replay, e));
      if (targets.length === 0) continue;
      matchedEvents.push(received);
      for (const endpoint of targets) rows.push(deliveryOf(received, endpoint));
    }
    await storeEvents(tx, matchedEvents.map(toStore));
    const created = await createReplayDeliveries(database, tx, replay.id, rows);
    const moved = await database.query<{ id: string }>(
      tx,
      sql`
      update ${replays} set next_seq = ${batch.nextSeq},
        events_read = events_read + ${batch.read}, events_matched = events_matched + ${matchedEvents.length},
        deliveries_created = deliveries_created + ${created},
        status = case when ${batch.last} then 'completed' else status end,
        completed_at = case when ${batch.last} then now() end,
        runner = case when ${batch.last} then null else runner end,
        lease_expires_at = case when ${batch.last} then null else now() + ${batch.leaseMs} * interval '1 millisecond' end,
        updated_at = now()
      where id = ${replay.id} and runner = ${batch.runner} and status = 'running'
      returning id`,
    );
    if (moved.length === 0) throw new ReplayLeaseLostError(replay.id);
    return { matched: matchedEvents.length, created };
  });
}
