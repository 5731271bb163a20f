/**
 * When to try again after a failed attempt. `delaysMs[n]` is the wait after attempt n+1 failed; once they
 * are used up the delivery has failed for good. Each wait is spread by ±jitter so that deliveries that
 * failed together (a receiver outage) do not all come back in the same second.
 */
export class RetrySchedule {
  constructor(
    private readonly delaysMs: readonly number[],
    private readonly jitter: number,
    private readonly random: () => number = Math.random,
  ) {}

  /** Attempts in all: the first and every retry. */
  get maxAttempts(): number {
    return this.delaysMs.length + 1;
  }

  /** Milliseconds to wait after attempt `attemptNumber` (1-based) failed, or null when it was the last. */
  delayAfter(attemptNumber: number): number | null {
    const base = this.delaysMs[attemptNumber - 1];
    if (base === undefined) return null;
    return Math.round(base * (1 + this.jitter * (2 * this.random() - 1)));
  }
}
