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

/**
 * How many deliveries one worker holds for an endpoint (waiting and in flight): twice its concurrency, so that
 * freed slots refill without a round trip, but never more than its rate can send within half a lease, so that
 * nothing held waits long enough for its lease to expire and be taken by another worker.
 */
export function laneCapacity(limits: EndpointLimits, leaseMs: number): number {
  // One at a time holds one: an ordered endpoint's next delivery is only known once its head is done.
  const byConcurrency = limits.concurrency === 1 || limits.holdsAcrossWorkers ? limits.concurrency : 2 * limits.concurrency;
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
