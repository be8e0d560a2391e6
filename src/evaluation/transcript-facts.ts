import type { TranscriptMessage } from '../domain/types.js';

export interface TranscriptFacts {
  candidateTexts: string[];
  candidateTurns: number;
  candidateWords: number;
  averageWords: number;
  /** Numbers with a unit or scale word: "100M", "1,200 QPS", "5 TB", "10k per second". */
  quantities: number;
  /** Answers that admit not knowing. */
  stuckTurns: number;
  /** Answers with visible structure: several sentences, lists, or reasoning words. */
  structuredTurns: number;
}

const QUANTITY = /\b\d[\d,.]*\s?(k|m|b|million|billion|thousand|kb|mb|gb|tb|pb|ms|qps|rps|%|per (second|day|month|user|minute)|\/s|x)\b/gi;
const STUCK = /\b(not sure|no idea|don'?t know|i'?m stuck|no clue)\b/i;
const STRUCTURE = /(^|\n)\s*(\d+[.)]|[-*•])\s|\b(first|second|then|because|so that|which means|therefore)\b/i;

export function wordsIn(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** Plain measurements of what the candidate wrote, shared by the offline scorer and its reports. */
export function transcriptFacts(transcript: readonly TranscriptMessage[] | readonly { role: string; content: string }[]): TranscriptFacts {
  const candidateTexts = transcript.filter((m) => m.role === 'candidate').map((m) => m.content);
  const candidateWords = candidateTexts.reduce((sum, text) => sum + wordsIn(text), 0);
  return {
    candidateTexts,
    candidateTurns: candidateTexts.length,
    candidateWords,
    averageWords: candidateTexts.length ? candidateWords / candidateTexts.length : 0,
    quantities: candidateTexts.reduce((sum, text) => sum + (text.match(QUANTITY)?.length ?? 0), 0),
    stuckTurns: candidateTexts.filter((text) => STUCK.test(text)).length,
    structuredTurns: candidateTexts.filter((text) => STRUCTURE.test(text) || text.split(/[.!?]\s/).length >= 3).length,
  };
}
