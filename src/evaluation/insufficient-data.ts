import type { ScoredEvaluation } from '../domain/types.js';
import { plural } from '../progress/progress-format.js';
import type { Rubric } from './rubric/rubric.js';
import type { TranscriptFacts } from './transcript-facts.js';

/** Too little said to judge fairly: say so rather than make up a score (offline and LLM alike). */
export function insufficientData(facts: TranscriptFacts, rubric: Rubric): ScoredEvaluation | null {
  const limits = rubric.insufficientData;
  if (facts.candidateTurns >= limits.minCandidateTurns && facts.candidateWords >= limits.minCandidateWords) return null;
  return {
    status: 'insufficient_data',
    overallScore: null,
    band: null,
    dimensions: [],
    strengths: [],
    improvements: [`Answer at least ${limits.minCandidateTurns} questions in some detail so the interview can be judged.`],
    summary: `Not enough to judge: ${plural(facts.candidateTurns, 'answer')}, ${plural(facts.candidateWords, 'word')}. A fair score needs a longer interview.`,
  };
}
