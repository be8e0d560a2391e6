import { describe, expect, it } from 'vitest';
import { arithmeticIn } from '../../src/substance/arithmetic.js';
import { quantitiesIn } from '../../src/substance/numbers.js';
import { questionKind } from '../../src/substance/questions.js';
import { ratiosIn } from '../../src/substance/rates.js';
import { implausibleRates, impliedRates } from '../../src/substance/scale-check.js';

// Misreads found by the fresh transcripts of the quality suite (README, "What the score measures").
describe('numbers and arithmetic as strong candidates write them', () => {
  it('reads powers as one quantity: "3.16 × 10^10", "2^41"', () => {
    expect(quantitiesIn('3.16 × 10^10 ms').map((q) => q.value)).toEqual([3.16e10]);
    expect(quantitiesIn('2^41 ms')[0]!.value).toBe(2 ** 41);
    expect(arithmeticIn('One year is 365.25 × 86,400 × 1,000 ≈ 3.16 × 10^10 ms.')).toMatchObject([{ correct: true }]);
  });

  it('reads bits as bits: "300 s × 3 Mbps = 900 Mb", "200 gigabits"', () => {
    expect(arithmeticIn('one view is 300 s × 3 Mbps = 900 Mb, about 112 MB')).toMatchObject([{ correct: true }]);
    expect(arithmeticIn('20 billion × 10 bits = 200 gigabits, about 25 GB')).toMatchObject([{ correct: true }]);
    expect(quantitiesIn('900 MB')[0]!.value).toBe(9e8);
  });

  it('does not read a share of something unwritten, or "× that", as a result', () => {
    expect(arithmeticIn('1/200 of the keys become misses: ~25k')).toEqual([]);
    expect(arithmeticIn('100 × that ≈ 116k/s, ~120k')).toEqual([]);
  });

  it('converts only from a longer period, only a figure given as a result, and with factors the candidate states', () => {
    expect(arithmeticIn('16 million a day is around 200 per second. For the campaign, 50 million in an hour is about 14,000 per second.').every((s) => s.correct)).toBe(true);
    expect(arithmeticIn('50M users in an hour is about 13,900 users/s. With 2 devices each, about 27,800/s.').every((s) => s.correct)).toBe(true);
    expect(arithmeticIn('100 million a day, that\'s roughly 100,000 writes per second.')).toMatchObject([{ correct: false }]);
  });
});

describe('the topic scale check', () => {
  it('reads "a tenth as many" and "10x peaks" as ratios', () => {
    expect(ratiosIn('about 5 million gets per second at peak, and a tenth as many sets')).toEqual([0.1]);
    expect(ratiosIn('roughly 100 payments per second on average, with 10x peaks during sales')).toEqual([10]);
    expect(impliedRates(['About 5 million get requests per second at peak, and a tenth as many sets.'])).toContain(500_000);
  });

  it('does not call a per-node rate, or a figure from written-out arithmetic, implausible', () => {
    const implied = [385];
    expect(implausibleRates('Spread evenly that is 5,000 per second each.', [100_000])).toEqual([]);
    expect(implausibleRates('Per node: about 12,500 ops/s.', [1e6])).toEqual([]);
    expect(implausibleRates("1B / 2.6M ≈ 385, call it 400 pages/s. I'd provision ~2×, 800/s.", implied)).toEqual([]);
    expect(implausibleRates('We will see about 1 million pages per second.', implied)).toHaveLength(1);
  });
});

describe('question kinds', () => {
  it('reads "what does it need to do?" as a scoping question', () => {
    expect(questionKind("Let's design a web crawler. What does it need to do?")).toBe('scope');
  });
});
