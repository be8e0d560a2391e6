import { describe, expect, it } from 'vitest';
import { addresses } from '../../src/substance/questions.js';
import { reasoningIn } from '../../src/substance/reasoning.js';
import { offScaleInputs } from '../../src/substance/scale-check.js';
import { sentencesOf } from '../../src/substance/sentences.js';

const answered = (question: string, answer: string) => addresses(question, answer, reasoningIn(sentencesOf(answer)));

describe('whether an answer does what its question asked', () => {
  it('counts an estimate only when its numbers are about the quantity asked', () => {
    expect(answered('How much storage over five years?', 'We were 3 engineers and 2 designers on my last team, and we shipped every 14 days.')).toBe(0);
    expect(answered('How much storage over five years?', '1,200 writes a second × 500 bytes × 86,400 × 365 × 5 ≈ 95 TB.')).toBe(1);
    expect(answered('How many redirects per second at peak?', 'About 116,000 a second on average and 230,000 a second at peak.')).toBe(1);
    expect(answered('Let us put some numbers on it.', '100 million a day is about 1,160 per second; 500 bytes each.')).toBe(1);
  });
});

describe('plausibility against the topic\'s scale', () => {
  const hints = ['100 million new short links are created per day.', 'Reads outnumber writes 100 to 1.'];

  it('finds a stated input orders of magnitude off the topic\'s numbers, even when the arithmetic is right', () => {
    expect(offScaleInputs('Say 1,000 links a day, which is about 0.01 writes per second.', hints)).toMatchObject([{ input: { value: 1_000, period: 'day' } }]);
  });

  it('lets inputs at the topic\'s scale, and per-user rates, through', () => {
    expect(offScaleInputs('100 million links a day is about 1,160 writes per second.', hints)).toEqual([]);
    expect(offScaleInputs('Each user creates about 5 links a day.', hints)).toEqual([]);
  });
});
