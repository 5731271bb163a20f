import { describe, expect, it } from 'vitest';
import { Slots } from './slots.js';

describe('Slots', () => {
  it('hands out at most `size` slots and passes a released slot to the first waiter, in order', async () => {
    const slots = new Slots(2);
    await slots.acquire();
    await slots.acquire();
    const order: number[] = [];
    const third = slots.acquire().then(() => order.push(3));
    const fourth = slots.acquire().then(() => order.push(4));
    await Promise.resolve();
    expect(order).toEqual([]);
    expect(slots.inUse).toBe(2);

    slots.release();
    await third;
    expect(order).toEqual([3]);
    expect(slots.inUse).toBe(2);
    slots.release();
    await fourth;
    expect(order).toEqual([3, 4]);
  });

  it('says drained only once every slot is free, at once when none is used', async () => {
    const slots = new Slots(3);
    await slots.drained();
    await slots.acquire();
    await slots.acquire();
    let drained = false;
    const done = slots.drained().then(() => (drained = true));
    slots.release();
    await Promise.resolve();
    expect(drained).toBe(false);
    slots.release();
    await done;
    expect(slots.inUse).toBe(0);
  });
});
