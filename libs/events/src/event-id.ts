import { randomFillSync } from 'node:crypto';
import { v7 } from 'uuid';

/**
 * Random bytes drawn from the system 4 KiB at a time: one getRandomValues call per id cost 3-4 % of the webhook
 * service's CPU at load (a delivery id and an attempt id per webhook). 16 bytes per id, 256 ids per refill.
 */
const pool = new Uint8Array(4096);
let next = pool.length;
function random16(): Uint8Array {
  if (next === pool.length) {
    randomFillSync(pool);
    next = 0;
  }
  next += 16;
  return pool.subarray(next - 16, next);
}

/** The ids of one millisecond increase: the uuid package's own monotonic rule (a counter seeded at random each millisecond). */
const state = { msecs: Number.NEGATIVE_INFINITY, seq: 0 };
function v7Buffered(): string {
  const random = random16();
  const now = Date.now();
  if (now > state.msecs) {
    state.msecs = now;
    state.seq = ((random[6]! & 0x7f) << 24) | (random[7]! << 16) | (random[8]! << 8) | random[9]!;
  } else {
    state.seq = (state.seq + 1) | 0;
    if (state.seq === 0) state.msecs++;
  }
  return v7({ random, msecs: state.msecs, seq: state.seq });
}

/**
 * Ids are a type prefix plus a UUIDv7: unique across replicas, sortable by creation time,
 * and readable in logs (`evt_` is an event, `ep_` an endpoint...).
 */
export function newId(prefix: string): string {
  return `${prefix}_${v7Buffered()}`;
}

export function newEventId(): string {
  return newId('evt');
}
