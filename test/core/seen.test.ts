import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FirstSeen } from '../../src/core/seen.js';

describe('FirstSeen', () => {
  it('returns the first row of a repeated key and nothing for a new one', () => {
    const seen = new FirstSeen();
    expect(seen.firstOrAdd('ann@gmail.com', 0)).toBeUndefined();
    expect(seen.firstOrAdd('bob@gmail.com', 1)).toBeUndefined();
    expect(seen.firstOrAdd('ann@gmail.com', 7)).toBe(0);
    expect(seen.firstOrAdd('ann@gmail.com', 9)).toBe(0);
  });

  it('agrees with a Map over many keys, through growth', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 6 }), { maxLength: 3000 }),
        fc.constantFrom(0, 10, 2000, 5000),
        (keys, expectedKeys) => {
          const seen = new FirstSeen(expectedKeys);
          const map = new Map<string, number>();
          keys.forEach((k, row) => {
            const expected = map.get(k);
            if (expected === undefined) map.set(k, row);
            expect(seen.firstOrAdd(k, row)).toBe(expected);
          });
        },
      ),
      { seed: 20261124, numRuns: 60 },
    );
  });

  it('keeps 200,000 distinct e-mails apart', () => {
    const seen = new FirstSeen();
    for (let i = 0; i < 200_000; i++) expect(seen.firstOrAdd(`person${i}@gmail.com`, i)).toBeUndefined();
    expect(seen.firstOrAdd('person123456@gmail.com', 1)).toBe(123456);
  });
});
