import { describe, expect, it } from 'vitest';
import { trendOf } from '../../src/progress/trend.js';

describe('trendOf', () => {
  it.each([
    [3, 2, 'up'],
    [2.25, 2, 'up'],
    [2 + 0.7 / 3 + 0.05 / 3, 2, 'up'], // 2.25 in floating point
    [2.2, 2, 'flat'],
    [2, 2, 'flat'],
    [1.8, 2, 'flat'],
    [1.75, 2, 'down'],
    [1, 4, 'down'],
    [3, null, null],
  ] as const)('last %s against earlier %s: %s', (recent, earlier, expected) => {
    expect(trendOf(recent, earlier)).toBe(expected);
  });
});
