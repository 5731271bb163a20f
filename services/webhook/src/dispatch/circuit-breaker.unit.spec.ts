import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker.js';

describe('CircuitBreaker', () => {
  const make = () => {
    const clock = { now: 0 };
    return { clock, breaker: new CircuitBreaker({ failureThreshold: 3, openMs: 1000, maxOpenMs: 3000 }, () => clock.now) };
  };

  it('opens after the threshold of consecutive failures, and a success in between resets the count', () => {
    const { breaker } = make();
    expect(breaker.record('a', false)).toBeUndefined();
    expect(breaker.record('a', false)).toBeUndefined();
    breaker.record('a', true);
    expect(breaker.record('a', false)).toBeUndefined();
    expect(breaker.record('a', false)).toBeUndefined();
    expect(breaker.record('a', false)).toBe('opened');
    expect(breaker.allows('a')).toBe(false);
    expect(breaker.allows('b')).toBe(true);
    expect(breaker.openUntil('a')).toBe(1000);
  });

  it('lets one probe through after the rest; a failed probe doubles the rest up to the cap, a good one closes', () => {
    const { breaker, clock } = make();
    for (let i = 0; i < 3; i++) breaker.record('a', false);
    clock.now = 1000;
    expect(breaker.allows('a')).toBe(true);
    expect(breaker.allows('a')).toBe(false);
    expect(breaker.record('a', false)).toBe('opened');
    expect(breaker.openUntil('a')).toBe(3000);
    clock.now = 3000;
    expect(breaker.allows('a')).toBe(true);
    breaker.record('a', false);
    expect(breaker.openUntil('a')).toBe(6000);
    clock.now = 6000;
    expect(breaker.allows('a')).toBe(true);
    breaker.record('a', true);
    expect(breaker.openUntil('a')).toBe(0);
    expect(breaker.allows('a')).toBe(true);
  });
});
