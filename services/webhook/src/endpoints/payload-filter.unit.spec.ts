import { describe, expect, it } from 'vitest';
import { filterMatches, payloadFilter } from './payload-filter.js';

const event = {
  type: 'subscription.updated',
  org_id: 'org_1',
  source: 'subscription',
  data: { tier: 'enterprise', seats: 40, trial: false, meta: { region: 'eu' } },
};

describe('payload filters', () => {
  it.each([
    [[{ path: 'data.tier', op: 'eq', value: 'enterprise' }], true],
    [[{ path: 'data.tier', op: 'eq', value: 'starter' }], false],
    [[{ path: 'data.tier', op: 'neq', value: 'starter' }], true],
    [[{ path: 'data.tier', op: 'in', value: ['pro', 'enterprise'] }], true],
    [[{ path: 'data.tier', op: 'nin', value: ['pro', 'enterprise'] }], false],
    [[{ path: 'data.seats', op: 'gte', value: 40 }], true],
    [[{ path: 'data.seats', op: 'gt', value: 40 }], false],
    [[{ path: 'data.tier', op: 'gt', value: 1 }], false],
    [[{ path: 'data.seats', op: 'eq', value: '40' }], false],
    [[{ path: 'data.meta.region', op: 'eq', value: 'eu' }], true],
    [[{ path: 'data.meta.zone', op: 'absent' }], true],
    [[{ path: 'data.trial', op: 'exists' }], true],
    [
      [
        { path: 'org_id', op: 'eq', value: 'org_1' },
        { path: 'data.seats', op: 'lt', value: 10 },
      ],
      false,
    ],
  ])('%j → %s', (filter, expected) => {
    expect(filterMatches(payloadFilter.parse(filter), event)).toBe(expected);
  });

  it.each([
    [[], /too_small|at least|>=1/i],
    [[{ path: 'data.tier', op: 'like', value: 'x' }], /op/],
    [[{ path: 'data.tier', op: 'gt', value: 'x' }], /value/],
    [[{ path: 'secret.tier', op: 'eq', value: 'x' }], /path must be dotted names/],
    [[{ path: 'data..tier', op: 'eq', value: 'x' }], /path must be dotted names/],
    [[{ path: 'data.tier', op: 'in', value: [] }], /value/],
    [[{ path: 'data.tier', op: 'eq', value: 'x', extra: 1 }], /extra/],
  ])('refuses %j', (filter, message) => {
    const result = payloadFilter.safeParse(filter);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error!.issues)).toMatch(message);
  });

  it('does not read inherited properties', () => {
    expect(filterMatches(payloadFilter.parse([{ path: 'data.constructor', op: 'exists' }]), event)).toBe(false);
  });
});
