import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Batcher } from './batcher.js';

describe('Batcher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('writes a full batch at once and a partial one when its first item has waited maxWaitMs', async () => {
    const writes: number[][] = [];
    const batcher = new Batcher<number>({ maxBatch: 3, maxWaitMs: 50, write: async (batch) => void writes.push(batch) });
    const full = [1, 2, 3].map((n) => batcher.add(n));
    await Promise.all(full);
    expect(writes).toEqual([[1, 2, 3]]);

    const partial = batcher.add(4);
    await vi.advanceTimersByTimeAsync(49);
    expect(writes).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await partial;
    expect(writes).toEqual([[1, 2, 3], [4]]);
  });

  it("settles every item's promise with its batch's write: a failed write rejects all of them", async () => {
    const batcher = new Batcher<string>({
      maxBatch: 2,
      maxWaitMs: 10,
      write: async () => {
        throw new Error('database away');
      },
    });
    const results = await Promise.allSettled([batcher.add('a'), batcher.add('b')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });

  it('sequential: a batch is written only after the one before it, even when that one failed', async () => {
    const started: string[] = [];
    let finishFirst: (ok: boolean) => void = () => {};
    const batcher = new Batcher<string>({
      maxBatch: 1,
      maxWaitMs: 10,
      sequential: true,
      write: async ([item]) => {
        started.push(item!);
        if (item === 'first') {
          const ok = await new Promise<boolean>((resolve) => (finishFirst = resolve));
          if (!ok) throw new Error('first failed');
        }
      },
    });
    const first = batcher.add('first');
    const second = batcher.add('second');
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toEqual(['first']);
    finishFirst(false);
    await expect(first).rejects.toThrow('first failed');
    await second;
    expect(started).toEqual(['first', 'second']);
  });

  it('drain writes what waits now and resolves when every write started is done', async () => {
    let written = 0;
    const batcher = new Batcher<number>({
      maxBatch: 100,
      maxWaitMs: 60_000,
      write: async (batch) => {
        written += batch.length;
      },
    });
    void batcher.add(1);
    void batcher.add(2);
    await batcher.drain();
    expect(written).toBe(2);
  });
});
