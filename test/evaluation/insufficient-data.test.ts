import { describe, expect, it } from 'vitest';
import { insufficientData } from '../../src/evaluation/insufficient-data.js';
import { RUBRIC } from '../../src/evaluation/rubric/rubric.js';
import { transcriptFacts } from '../../src/evaluation/transcript-facts.js';

describe('the insufficient-data summary (the evaluation card of a short interview)', () => {
  it('counts in plain English: "1 answer", "2 answers", "1 word"', () => {
    const one = insufficientData(transcriptFacts([{ role: 'candidate', content: 'Short.' }]), RUBRIC)!;
    expect(one.summary).toContain('Not enough to judge: 1 answer, 1 word.');
    const two = insufficientData(transcriptFacts([{ role: 'candidate', content: 'Short links.' }, { role: 'candidate', content: 'Fast.' }]), RUBRIC)!;
    expect(two.summary).toContain('Not enough to judge: 2 answers, 3 words.');
    expect(one.summary + two.summary).not.toContain('(s)');
  });
});
