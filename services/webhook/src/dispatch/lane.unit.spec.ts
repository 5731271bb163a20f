import { describe, expect, it } from 'vitest';
import type { ClaimedDelivery } from '../delivery-store/index.js';
import { Lane } from './lane.js';

const delivery = (id: string): ClaimedDelivery => ({
  deliveryId: id,
  endpointId: 'ep_1',
  replayId: null,
  attemptCount: 0,
  scheduleStartedAfter: 0,
  event: { id: `evt_${id}`, type: 'user.created', time: '2026-12-03T00:00:00Z', dataJson: '{}', traceContext: null },
});

describe('Lane', () => {
  it('hands out what it holds oldest first, and gives up what it got before a time, the rest kept', () => {
    const lane = new Lane({ concurrency: 16, ratePerSecond: null });
    lane.hold(delivery('a'), 1_000);
    lane.hold(delivery('b'), 2_000);
    lane.hold(delivery('c'), 3_000);
    expect(lane.held).toBe(3);

    expect(lane.takeHeldBefore(2_500).map((d) => d.deliveryId)).toEqual(['a', 'b']);
    expect(lane.held).toBe(1);
    expect(lane.takeHeldBefore(2_500)).toEqual([]);
    expect(
      lane.next(
        () => {},
        () => true,
      )?.deliveryId,
    ).toBe('c');
    expect(
      lane.next(
        () => {},
        () => true,
      ),
    ).toBeUndefined();
  });

  it('grows deeper for an endpoint that answers fast, and back to twice its concurrency when it slows', () => {
    const lane = new Lane({ concurrency: 16, ratePerSecond: null });
    expect(lane.capacity(110_000)).toBe(32);
    for (let i = 0; i < 20; i++) lane.answered(2);
    expect(lane.capacity(110_000)).toBe(128);
    for (let i = 0; i < 40; i++) lane.answered(15_000);
    expect(lane.capacity(110_000)).toBe(32);
  });
});
