import { describe, expect, it } from 'vitest';
import { arithmeticIn } from '../../src/substance/arithmetic.js';
import { quantitiesIn, roughly } from '../../src/substance/numbers.js';

describe('arithmetic in an answer', () => {
  it('reads numbers as candidates write them', () => {
    expect(quantitiesIn('1,200 writes, 1.2k reads, 100M links, 100 million users, 5 TB, ~86,400 s').map((q) => q.value)).toEqual([1200, 1200, 1e8, 1e8, 5e12, 86_400]);
    expect(quantitiesIn('millions of writes')[0]!.value).toBe(1e6);
    expect(roughly(1157.4)).toBe('1,200');
    expect(roughly(1e8)).toBe('100 million');
  });

  it('checks a per-day to per-second conversion against the candidate\'s own input', () => {
    const [wrong] = arithmeticIn("100 million a day, that's roughly 100,000 writes per second.");
    expect(wrong).toMatchObject({ correct: false, claimed: 100_000 });
    expect(wrong!.expected).toBeCloseTo(1157.4, 0);
    expect(arithmeticIn('100M new links per day is about 1,200 writes per second.')).toMatchObject([{ correct: true }]);
  });

  it('lets a stated read ratio and a peak factor through', () => {
    expect(arithmeticIn('100M writes a day is about 1,160 writes/s; at 100:1 that is about 116k reads per second.').every((s) => s.correct)).toBe(true);
    expect(arithmeticIn('100M a day is 1,160 per second on average, and at peak about 3,500 per second.').every((s) => s.correct)).toBe(true);
  });

  it('checks chains written out, with byte units', () => {
    expect(arithmeticIn('100M / 86,400 ≈ 1,157 per second')).toMatchObject([{ correct: true }]);
    expect(arithmeticIn('1,200 × 500 bytes × 86,400 × 365 × 5 ≈ 95 TB')).toMatchObject([{ correct: true }]);
    expect(arithmeticIn('100M / 86,400 = 12,000')).toMatchObject([{ correct: false }]);
  });

  it('does not invent arithmetic from unrelated numbers far apart', () => {
    expect(arithmeticIn('We keep 100 links per user a day. Later, much later, in another part of the design. Another sentence. Limits are 10k per second.')).toEqual([]);
  });
});
