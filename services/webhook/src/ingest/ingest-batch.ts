import type { Database } from '@ops/db';
import type { ReceivedEvent } from '../delivery-store/index.js';
import type { Dispatcher } from '../dispatch/dispatcher.js';
import type { EndpointDirectory } from '../endpoints/endpoint-directory.js';
import { recordDeliveries } from './record-deliveries.js';

export interface IngestOptions {
  database: Database;
  directory: EndpointDirectory;
  dispatcher: Pick<Dispatcher, 'reserve' | 'accept' | 'waitForRoom'>;
  /** Longest a batch waits for room in full lanes before the rest of it is recorded pending. */
  roomWaitMs: number;
}

/**
 * Records a batch of received events, in stream order, in as many transactions as the worker's room asks:
 * when the lanes its events go to are full, the rest of the batch waits (still unacknowledged in the stream,
 * which is where a backlog belongs) until requests finish, then goes on in flight. If no room comes within
 * `roomWaitMs`, the rest is recorded at once, pending, as every delivery was before: a worker whose lanes
 * are stuck slows ingest by at most that wait per batch.
 */
export async function ingestBatch(options: IngestOptions, batch: readonly ReceivedEvent[]): Promise<void> {
  const { database, directory, dispatcher } = options;
  let rest = batch;
  let stopWhenFull = true;
  while (rest.length > 0) {
    const reservation = dispatcher.reserve();
    let recorded: Awaited<ReturnType<typeof recordDeliveries>> | undefined;
    try {
      recorded = await recordDeliveries(database, directory, rest, reservation, stopWhenFull);
    } finally {
      dispatcher.accept(reservation, recorded?.admitted ?? []);
    }
    rest = rest.slice(recorded.taken);
    if (rest.length > 0) stopWhenFull = await dispatcher.waitForRoom(recorded.fullAt, options.roomWaitMs);
  }
}
