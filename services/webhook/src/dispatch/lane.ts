import type { ClaimedDelivery } from '../delivery-store/index.js';
import { laneCapacity, TokenBucket, type EndpointLimits } from './flow-control.js';

/**
 * One endpoint's share of a worker: the deliveries it holds (waiting, reserved for ingest, in flight) and its
 * limits. A lane only ever occupies its endpoint's concurrency in requests, so a slow endpoint holds its own
 * few slots and nobody else's.
 */
export class Lane {
  /** Claimed or admitted, not started yet, oldest first, each with when this worker got it. */
  private readonly waiting: Array<{ delivery: ClaimedDelivery; heldAt: number }> = [];
  reserved = 0;
  inFlight = 0;
  /** Its requests' recent latency (a moving average), undefined until one answered: how deep the lane may be. */
  latencyMs: number | undefined;
  private bucket: TokenBucket | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(public limits: EndpointLimits) {}

  /** A delivery this worker now holds for the endpoint (claimed, or created in flight by ingest). */
  hold(delivery: ClaimedDelivery, now = Date.now()): void {
    this.waiting.push({ delivery, heldAt: now });
  }

  /** The deliveries this worker got before `time` and has not started, taken out of the lane (to be handed back). */
  takeHeldBefore(time: number): ClaimedDelivery[] {
    let n = 0;
    while (n < this.waiting.length && this.waiting[n]!.heldAt < time) n++;
    return this.waiting.splice(0, n).map((w) => w.delivery);
  }

  /** Every delivery waiting, taken out of the lane (to be handed back). */
  takeWaiting(): ClaimedDelivery[] {
    return this.waiting.splice(0).map((w) => w.delivery);
  }

  /** Deliveries held and not started yet. */
  get waitingCount(): number {
    return this.waiting.length;
  }

  get held(): number {
    return this.waiting.length + this.reserved + this.inFlight;
  }

  /** Deliveries more this lane may hold (see laneCapacity). */
  room(leaseMs: number): number {
    return Math.max(0, this.capacity(leaseMs) - this.held);
  }

  capacity(leaseMs: number): number {
    return laneCapacity(this.limits, leaseMs, this.latencyMs);
  }

  /** A request answered (or failed, or timed out) after `ms`. */
  answered(ms: number): void {
    this.latencyMs = this.latencyMs === undefined ? ms : 0.8 * this.latencyMs + 0.2 * ms;
  }

  /**
   * Nothing held, nothing scheduled, and no rate debt: the lane can be dropped. A lane whose bucket is not
   * full stays, or its successor would start with a full bucket and a limited endpoint would get a burst
   * each time its worker ran dry (as it does between claims when it holds only what it can send).
   */
  get idle(): boolean {
    return this.held === 0 && this.timer === undefined && (this.bucket === undefined || this.bucket.full);
  }

  /**
   * The next delivery allowed to start now, or undefined. When only the rate limit holds it back, `later`
   * is called once a token is due. `mayStart` is asked last (the circuit breaker, which lets one probe by).
   */
  next(later: () => void, mayStart: () => boolean): ClaimedDelivery | undefined {
    if (this.waiting.length === 0 || this.inFlight >= this.limits.concurrency) return undefined;
    const rate = this.limits.ratePerSecond;
    if (rate !== null) {
      if (this.bucket?.ratePerSecond !== rate) this.bucket = new TokenBucket(rate);
      const waitMs = this.bucket.take();
      if (waitMs > 0) {
        this.timer ??= setTimeout(() => {
          this.timer = undefined;
          later();
        }, waitMs);
        return undefined;
      }
    }
    return mayStart() ? this.waiting.shift()?.delivery : undefined;
  }

  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
