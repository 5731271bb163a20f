import { describe, expect, it } from 'vitest';
import { validate, version } from 'uuid';
import { newId } from './event-id.js';

describe('newId', () => {
  it('makes prefixed UUIDv7s that are unique and increase, across many refills of the random pool', () => {
    const ids = Array.from({ length: 5000 }, () => newId('dlv'));
    const uuids = ids.map((id) => id.slice('dlv_'.length));
    expect(uuids.every((u) => validate(u) && version(u) === 7)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });
});
