import { describe, expect, it } from 'vitest';
import { RetrySchedule } from './retry-schedule.js';

const svix = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000];

describe('RetrySchedule', () => {
  it('follows the configured delays, then stops', () => {
    const schedule = new RetrySchedule(svix, 0);
    expect(schedule.maxAttempts).toBe(8);
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => schedule.delayAfter(n))).toEqual(svix);
    expect(schedule.delayAfter(8)).toBeNull();
  });

  it('spreads each delay within ±jitter, reaching both ends', () => {
    expect(new RetrySchedule([1000], 0.2, () => 0).delayAfter(1)).toBe(800);
    expect(new RetrySchedule([1000], 0.2, () => 0.999999).delayAfter(1)).toBe(1200);
    expect(new RetrySchedule([1000], 0.2, () => 0.5).delayAfter(1)).toBe(1000);
    const schedule = new RetrySchedule(svix, 0.2);
    for (let i = 0; i < 200; i++) {
      const d = schedule.delayAfter(2)!;
      expect(d).toBeGreaterThanOrEqual(240_000);
      expect(d).toBeLessThanOrEqual(360_000);
    }
  });

  it('adds up to about 28 hours by default, as Svix', () => {
    const total = svix.reduce((a, b) => a + b, 0) / 3600_000;
    expect(total).toBeGreaterThan(27);
    expect(total).toBeLessThan(29);
  });
});
