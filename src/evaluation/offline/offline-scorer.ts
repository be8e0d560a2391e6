import type { EvaluationScorer } from '../../domain/ports.js';
import type { DimensionScore, ScoredEvaluation, Session, TranscriptMessage } from '../../domain/types.js';
import type { Topic } from '../../interviewer/catalog/catalog-schema.js';
import type { TopicCatalog } from '../../interviewer/catalog/topic-catalog.js';
import { resolveTopic } from '../../interviewer/topic-resolution.js';
import { analyzeAnswers, analyzeAnswersPolitely, withoutAsides, type Answer, type TranscriptLine } from '../answers.js';
import { insufficientData } from '../insufficient-data.js';
import { anchorFor, bandLabel, RUBRIC, scoreOverall, type Rubric, type RubricDimension } from '../rubric/rubric.js';
import { transcriptFacts } from '../transcript-facts.js';
import { dimensionSignal, substanceOf, toRubricScore, type DimensionSignal } from './dimension-signals.js';
import { improvementsOf, strengthsOf, summaryOf } from './feedback.js';

/**
 * Scores a transcript against the rubric without an LLM, on substance (see dimension-signals).
 * Injection and off-topic lines are dropped first, so the score is what it would be without
 * them; copies of the question stay, as answers that show nothing.
 */
export function scoreTranscriptOffline(topic: Topic, transcript: readonly TranscriptLine[], rubric: Rubric = RUBRIC): ScoredEvaluation {
  return scoreAnswers(topic, analyzeAnswers(topic, withoutAsides(topic, transcript)), rubric);
}

/** The score from answers already read (see analyzeAnswersPolitely for the worker's way). */
function scoreAnswers(topic: Topic, analyzed: Answer[], rubric: Rubric): ScoredEvaluation {
  const answers = analyzed.map((a) => (a.flag === 'copy' ? emptied(a) : a));
  const tooShort = insufficientData(transcriptFacts(answers.map((a) => ({ role: 'candidate', content: a.text }))), rubric);
  if (tooShort) return tooShort;
  // Technology names listed without reasoning pull every dimension down.
  const listed = answers.reduce((sum, a) => sum + a.listedTerms, 0);
  const substance = answers.reduce((sum, a) => sum + substanceOf(a), 0);
  const stuffing = Math.max(0.5, Math.min(1, 1 - (listed - 2 * substance - 3) / 20));
  const scored = rubric.dimensions.map((d) => {
    const signal = dimensionSignal(d, topic, answers);
    // A 4 needs excellent evidence, not just a high total (README, "What the score measures").
    const score = Math.min(toRubricScore(signal.strength * stuffing), signal.excellent ? 4 : 3);
    const dimension: DimensionScore = { dimension: d.id, score, weight: d.weight, evidence: signal.evidence, comment: commentFor(d, score, signal) };
    return { signal, score: dimension };
  });
  const { overall, band, gated } = scoreOverall(Object.fromEntries(scored.map(({ score }) => [score.dimension, score.score])), rubric);
  return {
    status: 'completed',
    overallScore: overall,
    band,
    dimensions: scored.map(({ score }) => score),
    strengths: strengthsOf(scored),
    improvements: improvementsOf(topic, scored, answers),
    summary: summaryOf(topic.name, bandLabel(band, rubric), overall, scored, gated),
  };
}

/**
 * The anchor for the score and what was seen, never contradicting each other: a 1 whose anchor
 * says "none" ("No API or data model") next to evidence that shows some says it was too thin
 * instead; a dimension with no quote says nothing relevant was said.
 */
function commentFor(d: RubricDimension, score: number, signal: DimensionSignal): string {
  const anchor = score === 1 && (signal.shown > 0 || signal.evidence.length > 0) ? 'Some of this was shown, but too little or too thin to earn credit.' : anchorFor(d, score);
  const nothing = signal.evidence.length === 0 ? ' Nothing said in this part of the interview was relevant to it, so there is no quote.' : '';
  return `${anchor} Seen: ${signal.seen}.${nothing}`;
}

/** A copy of the question: counted as an answer, credited with nothing. */
function emptied(answer: Answer): Answer {
  return { ...answer, reasoning: { decisions: [], bareChoices: [], tiedTradeoffs: [], looseTradeoffs: [], failureHandling: [] }, arithmetic: [], implausible: 0, offScale: [], concepts: new Map(), addressed: 0, quantities: 0, sentences: [], firm: [] };
}

/** The EvaluationScorer used without an OpenAI key. */
export class OfflineScorer implements EvaluationScorer {
  constructor(private readonly catalog: TopicCatalog) {}

  async score(session: Session, transcript: readonly TranscriptMessage[]): Promise<ScoredEvaluation> {
    const topic = resolveTopic(this.catalog, session);
    return scoreAnswers(topic, await analyzeAnswersPolitely(topic, withoutAsides(topic, transcript)), RUBRIC);
  }
}
