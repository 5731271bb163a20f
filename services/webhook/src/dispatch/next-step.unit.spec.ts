import { describe, expect, it } from 'vitest';
import type { AttemptResult } from './attempt-result.js';
import { nextStep } from './next-step.js';
import { parseRetryAfter } from './retry-after.js';
import { RetrySchedule } from './retry-schedule.js';

const rules = { schedule: new RetrySchedule([5_000, 300_000], 0), floorMs: 60_000, maxRetryAfterMs: 3_600_000 };
const failed = (over: Partial<Extract<AttemptResult, { ok: false }>> = {}): AttemptResult => ({
  ok: false,
  statusCode: 500,
  latencyMs: 3,
  error: 'HTTP 500',
  responseExcerpt: '',
  timedOut: false,
  aborted: false,
  ...over,
});

describe('nextStep', () => {
  it('succeeds on 2xx', () => {
    expect(nextStep({ ok: true, statusCode: 204, latencyMs: 1, responseExcerpt: '' }, 1, rules)).toEqual({ status: 'succeeded' });
  });

  it('follows the schedule, then fails as exhausted', () => {
    expect(nextStep(failed(), 1, rules)).toEqual({ status: 'retrying', retryInMs: 5_000 });
    expect(nextStep(failed(), 2, rules)).toEqual({ status: 'retrying', retryInMs: 300_000 });
    expect(nextStep(failed(), 3, rules)).toEqual({ status: 'failed', reason: 'exhausted' });
  });

  it('waits at least the floor after a timeout or a 429', () => {
    expect(nextStep(failed({ statusCode: null, timedOut: true }), 1, rules)).toEqual({ status: 'retrying', retryInMs: 60_000 });
    expect(nextStep(failed({ statusCode: 429 }), 1, rules)).toEqual({ status: 'retrying', retryInMs: 60_000 });
    expect(nextStep(failed({ statusCode: 429 }), 2, rules)).toEqual({ status: 'retrying', retryInMs: 300_000 });
  });

  it('honours Retry-After up to its bound, never shortening the schedule', () => {
    expect(nextStep(failed({ statusCode: 503, retryAfterMs: 120_000 }), 1, rules)).toEqual({ status: 'retrying', retryInMs: 120_000 });
    expect(nextStep(failed({ statusCode: 503, retryAfterMs: 1_000 }), 1, rules)).toEqual({ status: 'retrying', retryInMs: 5_000 });
    expect(nextStep(failed({ statusCode: 429, retryAfterMs: 86_400_000 }), 1, rules)).toEqual({ status: 'retrying', retryInMs: 3_600_000 });
  });

  it('stops at 410 Gone and at abort-message', () => {
    expect(nextStep(failed({ statusCode: 410 }), 1, rules)).toEqual({ status: 'failed', reason: 'gone' });
    expect(nextStep(failed({ statusCode: 400, aborted: true }), 1, rules)).toEqual({ status: 'failed', reason: 'aborted' });
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-29T00:00:00Z');
  it('reads seconds and HTTP dates, and ignores nonsense', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Sun, 29 Nov 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sat, 28 Nov 2026 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});
