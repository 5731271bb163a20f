import { createLogger } from '@ops/logger';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Periodic } from './periodic.js';

const logger = createLogger({ name: 'periodic-test', level: 'silent' });

describe('Periodic', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs a pass each interval and never two at once: a pass that outlasts the interval skips the ticks it covers', async () => {
    let passes = 0;
    let finish: () => void = () => {};
    const periodic = new Periodic(
      () => {
        passes++;
        return new Promise<void>((resolve) => (finish = resolve));
      },
      { intervalMs: 100, logger, what: 'a slow pass' },
    );
    periodic.start();
    await vi.advanceTimersByTimeAsync(99);
    expect(passes).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(passes).toBe(1);
    await vi.advanceTimersByTimeAsync(300);
    expect(passes).toBe(1);
    finish();
    await vi.advanceTimersByTimeAsync(100);
    expect(passes).toBe(2);
    finish();
    await periodic.stop();
  });

  it('logs a failing pass and tries again at the next tick', async () => {
    const errors: unknown[] = [];
    const failing = { ...logger, error: (obj: unknown) => errors.push(obj) } as unknown as typeof logger;
    let passes = 0;
    const periodic = new Periodic(
      async () => {
        passes++;
        if (passes === 1) throw new Error('database away');
      },
      { intervalMs: 50, logger: failing, what: 'the sweep' },
    );
    periodic.start();
    await vi.advanceTimersByTimeAsync(100);
    expect(passes).toBe(2);
    expect(errors).toHaveLength(1);
    await periodic.stop();
  });

  it('stop waits for the pass under way and starts no other', async () => {
    let finish: () => void = () => {};
    let passes = 0;
    let finished = false;
    const periodic = new Periodic(
      () => {
        passes++;
        return new Promise<void>((resolve) => (finish = resolve)).then(() => {
          finished = true;
        });
      },
      { intervalMs: 10, logger, what: 'a pass' },
    );
    periodic.start();
    await vi.advanceTimersByTimeAsync(10);
    const stopped = periodic.stop();
    finish();
    await stopped;
    expect(finished).toBe(true);
    await vi.advanceTimersByTimeAsync(100);
    expect(passes).toBe(1);
  });
});
