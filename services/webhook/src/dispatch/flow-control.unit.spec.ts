import { describe, expect, it } from 'vitest';
import { laneCapacity, TokenBucket } from './flow-control.js';

describe('laneCapacity', () => {
  it('is twice the concurrency without a rate, and what the rate sends in half a lease with one', () => {
    expect(laneCapacity({ concurrency: 16, ratePerSecond: null }, 110_000)).toBe(32);
    expect(laneCapacity({ concurrency: 16, ratePerSecond: null }, 110_000, 15_000)).toBe(32);
    expect(laneCapacity({ concurrency: 16, ratePerSecond: 0.1 }, 110_000)).toBe(5);
    expect(laneCapacity({ concurrency: 16, ratePerSecond: 0.001 }, 110_000)).toBe(1);
    expect(laneCapacity({ concurrency: 4, ratePerSecond: 100 }, 110_000)).toBe(8);
  });

  it('is deeper for an endpoint that answers fast: what it answers in a second, up to eight times the concurrency', () => {
    expect(laneCapacity({ concurrency: 16, ratePerSecond: null }, 110_000, 2)).toBe(128);
    expect(laneCapacity({ concurrency: 16, ratePerSecond: null }, 110_000, 250)).toBe(64);
    expect(laneCapacity({ concurrency: 16, ratePerSecond: null }, 110_000, 0)).toBe(128);
    expect(laneCapacity({ concurrency: 1, ratePerSecond: null }, 110_000, 2)).toBe(1);
    expect(laneCapacity({ concurrency: 16, ratePerSecond: 0.1 }, 110_000, 2)).toBe(5);
  });

  it('is the concurrency itself when that holds across workers: what is held is what is in flight', () => {
    expect(laneCapacity({ concurrency: 4, ratePerSecond: null, holdsAcrossWorkers: true }, 110_000)).toBe(4);
  });
});

describe('TokenBucket', () => {
  it('allows one second of burst, then paces at the rate', () => {
    let now = 0;
    const bucket = new TokenBucket(5, () => now);
    expect([1, 2, 3, 4, 5].map(() => bucket.take())).toEqual([0, 0, 0, 0, 0]);
    expect(bucket.take()).toBe(200);
    now += 200;
    expect(bucket.take()).toBe(0);
    expect(bucket.take()).toBe(200);
    now += 10_000;
    expect([1, 2, 3, 4, 5].map(() => bucket.take())).toEqual([0, 0, 0, 0, 0]);
    expect(bucket.take()).toBeGreaterThan(0);
  });

  it('says when it is full again, so that a lane in debt is kept', () => {
    let now = 0;
    const bucket = new TokenBucket(4, () => now);
    expect(bucket.full).toBe(true);
    bucket.take();
    expect(bucket.full).toBe(false);
    now += 250;
    expect(bucket.full).toBe(true);
  });

  it('paces slow rates', () => {
    let now = 0;
    const bucket = new TokenBucket(0.5, () => now);
    expect(bucket.take()).toBe(0);
    expect(bucket.take()).toBe(2000);
    now += 2000;
    expect(bucket.take()).toBe(0);
  });
});
