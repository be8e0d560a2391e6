import type { TranscriptLine } from './answers.js';

export interface TranscriptFacts {
  candidateTexts: string[];
  candidateTurns: number;
  candidateWords: number;
}

function wordsIn(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** How much the candidate said: whether there is enough to judge (both scorers). */
export function transcriptFacts(transcript: readonly TranscriptLine[]): TranscriptFacts {
  const candidateTexts = transcript.filter((m) => m.role === 'candidate').map((m) => m.content);
  return {
    candidateTexts,
    candidateTurns: candidateTexts.length,
    candidateWords: candidateTexts.reduce((sum, text) => sum + wordsIn(text), 0),
  };
}
