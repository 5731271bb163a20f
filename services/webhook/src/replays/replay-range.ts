import { ApiError } from '@ops/http';
import type { StreamBounds, StreamReader } from '@ops/messaging';
import type { CreateReplayRequest } from './replay.requests.js';

/** A replay's range asks for events the stream does not hold (any more, or yet). */
export class RangeNotInStreamError extends ApiError {
  constructor(message: string) {
    super('OPS_ERR_RANGE_NOT_IN_STREAM', message);
    this.name = 'RangeNotInStreamError';
  }
}

export interface ResolvedRange {
  fromSeq: number;
  toSeq: number;
}

const held = (b: StreamBounds) => `the stream holds sequences ${b.firstSeq}-${b.lastSeq}, stored from ${b.firstTime!.toISOString()}`;

/**
 * Turns a requested range into stream sequences, now, so that the replay is finite (events published after
 * it starts are live traffic, not part of it) and its progress measurable. A range reaching before the
 * oldest event the stream still holds is refused rather than replayed in part: the events it names are gone.
 */
export async function resolveReplayRange(reader: StreamReader, request: CreateReplayRequest): Promise<ResolvedRange> {
  const bounds = await reader.bounds();
  if (bounds.messages === 0) throw new RangeNotInStreamError('the stream holds no events');
  // Sequences below firstSeq existed once: with firstSeq 1 nothing was ever removed, so an early from_time is fine.
  const removedAny = bounds.firstSeq > 1;
  let fromSeq: number;
  let toSeq = bounds.lastSeq;
  if (request.from_seq !== undefined) {
    if (request.from_seq < bounds.firstSeq) {
      throw new RangeNotInStreamError(
        `from_seq: events ${request.from_seq}-${bounds.firstSeq - 1} are no longer in the stream; ${held(bounds)}`,
      );
    }
    if (request.from_seq > bounds.lastSeq) throw new RangeNotInStreamError(`from_seq: beyond the newest event; ${held(bounds)}`);
    fromSeq = request.from_seq;
    toSeq = Math.min(request.to_seq ?? bounds.lastSeq, bounds.lastSeq);
  } else {
    const from = new Date(request.from_time!);
    if (removedAny && from < bounds.firstTime!) {
      throw new RangeNotInStreamError(
        `from_time: events stored before ${bounds.firstTime!.toISOString()} are no longer in the stream; ${held(bounds)}`,
      );
    }
    const first = await reader.firstSeqAtOrAfter(from);
    if (first === undefined)
      throw new RangeNotInStreamError(`from_time: no event was stored at or after ${from.toISOString()}; ${held(bounds)}`);
    fromSeq = first;
    if (request.to_time) {
      // The last event stored at or before to_time is the one before the first stored after it.
      const after = await reader.firstSeqAtOrAfter(new Date(Date.parse(request.to_time) + 1));
      toSeq = after === undefined ? bounds.lastSeq : after - 1;
    }
  }
  if (toSeq < fromSeq) throw new RangeNotInStreamError('the range holds no events');
  return { fromSeq, toSeq };
}
