import { describe, expect, it } from 'vitest';
import { prepareRequest } from './webhook-request.js';

describe('prepareRequest', () => {
  it('sends the body JSON.stringify would make, from data serialised once per event', () => {
    const data = { name: 'a "quoted" \\ name \u0000 ✓', nested: { list: [1, null, 'x'] }, z: 1, a: 2 };
    const event = { id: 'evt_1', type: 'user.created', time: '2026-12-02T20:00:00.000Z', dataJson: JSON.stringify(data) };
    const request = prepareRequest(
      event,
      'ep_"odd"',
      [`whsec_${Buffer.alloc(24, 1).toString('base64')}`],
      new Date('2026-12-02T20:00:01Z'),
    );
    expect(request.body).toBe(JSON.stringify({ id: 'evt_1', event: 'user.created', timestamp: event.time, data, webhook_id: 'ep_"odd"' }));
    expect(JSON.parse(request.body).data).toEqual(data);
  });
});
