import { describe, expect, it } from 'vitest';
import { outcomesOf } from './endpoint-health.js';

const at = (ms: number) => new Date(ms);

describe('outcomesOf', () => {
  it('keeps the latest outcome per endpoint, and the first failure after its last success', () => {
    const outcomes = outcomesOf([
      { endpointId: 'a', startedAt: at(3), ok: false },
      { endpointId: 'a', startedAt: at(1), ok: false },
      { endpointId: 'a', startedAt: at(2), ok: true },
      { endpointId: 'b', startedAt: at(5), ok: true },
      { endpointId: 'c', startedAt: at(7), ok: false },
      { endpointId: 'c', startedAt: at(9), ok: false },
    ]);
    expect(outcomes).toEqual([
      { endpointId: 'a', lastSucceeded: false, firstFailureAt: at(3) },
      { endpointId: 'b', lastSucceeded: true, firstFailureAt: null },
      { endpointId: 'c', lastSucceeded: false, firstFailureAt: at(7) },
    ]);
  });
});
