/** An endpoint's delivery limits: its own settings, or the service defaults. */
export interface EndpointLimits {
  /** Requests in flight to it at once. */
  concurrency: number;
  /** Requests started per second; null for no limit. */
  ratePerSecond: number | null;
  /**
   * The concurrency holds across every worker: deliveries held count against it as if in flight, so a worker
   * holds only what it can send at once (see claimLimitedDeliveries).
   */
  holdsAcrossWorkers?: boolean;
}

/** How long the last delivery a lane holds may wait for its turn, at the endpoint's recent pace. */
const LANE_WAIT_BUDGET_MS = 1_000;
/** Bounds of a lane's depth, in multiples of its concurrency. */
const MIN_DEPTH = 2;
const MAX_DEPTH = 8;

/**
 * How many deliveries one worker holds for an endpoint (waiting and in flight). At least twice its concurrency,
 * so that freed slots refill without a round trip; deeper for an endpoint that answers fast, as many as it
 * answers within a second at its recent latency (up to 8 times its concurrency): ingest admits a lane's room in
 * each transaction, and a lane of twice the concurrency of a receiver answering in 2 ms emptied long before the
 * next transaction refilled it (the burst's throughput was bound by the lane, not by CPU). A slow or hung
 * endpoint stays at twice. Never more than its rate can send within half a lease. A fast endpoint that turns slow
 * can still leave a deep lane's last deliveries waiting long: the dispatcher hands back, unsent, what it has held
 * too close to its lease's end (Dispatcher.leaseMs).
 */
export function laneCapacity(limits: EndpointLimits, leaseMs: number, recentLatencyMs?: number): number {
  // One at a time holds one: an ordered endpoint's next delivery is only known once its head is done.
  if (limits.concurrency === 1 || limits.holdsAcrossWorkers) return limitedByRate(limits, leaseMs, limits.concurrency);
  const depth =
    recentLatencyMs === undefined
      ? MIN_DEPTH
      : Math.max(MIN_DEPTH, Math.min(MAX_DEPTH, Math.floor(LANE_WAIT_BUDGET_MS / Math.max(1, recentLatencyMs))));
  return limitedByRate(limits, leaseMs, depth * limits.concurrency);
}

function limitedByRate(limits: EndpointLimits, leaseMs: number, byConcurrency: number): number {
  if (limits.ratePerSecond === null) return byConcurrency;
  return Math.max(1, Math.min(byConcurrency, Math.floor((limits.ratePerSecond * leaseMs) / 2000)));
}

/**
 * A token bucket: `ratePerSecond` tokens a second, holding at most one second's worth, so a quiet endpoint may
 * receive a short burst at its rate but never more. Deliveries over the rate wait their turn; none is dropped.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly ratePerSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = Math.max(1, ratePerSecond);
    this.last = now();
  }

  /** Whether the bucket is back to a second's worth of tokens. */
  get full(): boolean {
    this.refill();
    return this.tokens >= Math.max(1, this.ratePerSecond);
  }

  /** Takes a token and returns 0, or returns how many milliseconds until one is there. */
  take(): number {
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000);
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(Math.max(1, this.ratePerSecond), this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
    this.last = now;
  }
}
