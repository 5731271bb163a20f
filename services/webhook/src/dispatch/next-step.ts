import type { AttemptResult } from './attempt-result.js';
import type { RetrySchedule } from './retry-schedule.js';

/** What a delivery becomes after an attempt. */
export type NextStep =
  | { status: 'succeeded' }
  | { status: 'retrying'; retryInMs: number }
  | { status: 'failed'; reason: 'exhausted' | 'aborted' | 'gone' };

export interface RetryRules {
  schedule: RetrySchedule;
  /** Least wait after a timeout or a 429: the receiver is struggling, do not add to its load. */
  floorMs: number;
  /** A receiver's Retry-After is obeyed up to this. */
  maxRetryAfterMs: number;
}

/**
 * Handle-result stage, as one pure function. A 2xx succeeds. 410 Gone fails the delivery (and, in the
 * dispatcher, disables the endpoint); `webhook-delivery: abort-message` fails it. Otherwise the schedule
 * decides, stretched to the floor after a timeout or 429 and to the receiver's Retry-After (bounded).
 */
export function nextStep(result: AttemptResult, attemptNumber: number, rules: RetryRules): NextStep {
  if (result.ok) return { status: 'succeeded' };
  if (result.statusCode === 410) return { status: 'failed', reason: 'gone' };
  if (result.aborted) return { status: 'failed', reason: 'aborted' };
  const scheduled = rules.schedule.delayAfter(attemptNumber);
  if (scheduled === null) return { status: 'failed', reason: 'exhausted' };
  let retryInMs = scheduled;
  if (result.timedOut || result.statusCode === 429) retryInMs = Math.max(retryInMs, rules.floorMs);
  if (result.retryAfterMs !== undefined) retryInMs = Math.max(retryInMs, Math.min(result.retryAfterMs, rules.maxRetryAfterMs));
  return { status: 'retrying', retryInMs };
}
