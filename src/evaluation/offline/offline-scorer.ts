import type { EvaluationScorer } from '../../domain/ports.js';
import type { DimensionScore, ScoredEvaluation, Session, TranscriptMessage } from '../../domain/types.js';
import type { Topic } from '../../interviewer/catalog/catalog-schema.js';
import type { TopicCatalog } from '../../interviewer/catalog/topic-catalog.js';
import { conceptsIn } from '../../interviewer/concept-coverage.js';
import { resolveTopic } from '../../interviewer/topic-resolution.js';
import { anchorFor, bandLabel, RUBRIC, scoreOverall, type Rubric } from '../rubric/rubric.js';
import { insufficientData } from '../insufficient-data.js';
import { transcriptFacts } from '../transcript-facts.js';
import { dimensionSignal, toRubricScore, type DimensionSignal } from './dimension-signals.js';

type Line = Pick<TranscriptMessage, 'role' | 'content'>;

/** Scores a transcript against the rubric without an LLM: concept coverage, depth, phase coverage. */
export function scoreTranscriptOffline(topic: Topic, transcript: readonly Line[], rubric: Rubric = RUBRIC): ScoredEvaluation {
  const facts = transcriptFacts(transcript);
  const tooShort = insufficientData(facts, rubric);
  if (tooShort) return tooShort;
  const coveredIds = new Set(facts.candidateTexts.flatMap((text) => conceptsIn(topic, text).map((hit) => hit.concept.id)));
  const signals = rubric.dimensions.map((d) => dimensionSignal(d, topic, facts, coveredIds));
  const dimensions: DimensionScore[] = signals.map((s) => {
    const score = toRubricScore(s.strength);
    return { dimension: s.dimension.id, score, weight: s.dimension.weight, evidence: s.evidence, comment: anchorFor(s.dimension, score) };
  });
  const scores = Object.fromEntries(dimensions.map((d) => [d.dimension, d.score]));
  const { overall, band, gated } = scoreOverall(scores, rubric);
  return {
    status: 'completed',
    overallScore: overall,
    band,
    dimensions,
    strengths: strengthsOf(signals, dimensions),
    improvements: improvementsOf(topic, signals, dimensions),
    summary: summaryOf(topic, overall, band, signals, dimensions, gated),
  };
}

function strengthsOf(signals: DimensionSignal[], dimensions: DimensionScore[]): string[] {
  return signals
    .map((s, i) => ({ s, d: dimensions[i]! }))
    .filter(({ d }) => d.score >= 3)
    .sort((a, b) => b.d.score * b.d.weight - a.d.score * a.d.weight)
    .slice(0, 3)
    .map(({ s, d }) =>
      s.covered.length
        ? `${s.dimension.label}: covered ${s.covered.slice(0, 3).map((c) => c.label.split(' (')[0]!.toLowerCase()).join(', ')}.`
        : `${s.dimension.label}: ${d.comment}`,
    );
}

function improvementsOf(topic: Topic, signals: DimensionSignal[], dimensions: DimensionScore[]): string[] {
  const weak = signals.map((s, i) => ({ s, d: dimensions[i]! })).filter(({ d }) => d.score <= 2);
  const items: string[] = [];
  for (const { s } of weak.sort((a, b) => a.d.score - b.d.score || b.d.weight - a.d.weight)) {
    const gap = s.missing[0];
    if (s.dimension.id === 'estimation') items.push(`Put numbers on the load before designing (for example: ${topic.scaleHints[0]}) and derive QPS and storage from them.`);
    else if (s.dimension.id === 'tradeoffs-reliability') items.push('Name the trade-off behind each major choice and say what happens when a component fails (replication, failover, degraded modes).');
    else if (s.dimension.id === 'communication') items.push('Answer in a few structured steps and explain the reasoning behind each choice.');
    else if (gap) items.push(`${s.dimension.label}: address ${gap.label.toLowerCase()}. ${gap.probe}`);
    if (items.length >= 4) break;
  }
  if (items.length === 0) {
    const gap = signals.flatMap((s) => s.missing).sort((a, b) => b.weight - a.weight)[0];
    items.push(gap ? `Go further on ${gap.label.toLowerCase()}: ${gap.probe}` : `Push the ${topic.name} design further on its hardest part: ${topic.deepDiveProbes[0]}`);
  }
  return items;
}

function summaryOf(topic: Topic, overall: number, band: NonNullable<ScoredEvaluation['band']>, signals: DimensionSignal[], dimensions: DimensionScore[], gated: string[]): string {
  const ranked = signals.map((s, i) => ({ label: s.dimension.label, score: dimensions[i]!.score })).sort((a, b) => b.score - a.score);
  const best = ranked[0]!;
  const worst = ranked.at(-1)!;
  const gate = gated.length ? ` ${gated.join(' ')}` : '';
  return `${bandLabel(band)} on ${topic.name}: ${overall}/100. Strongest: ${best.label.toLowerCase()} (${best.score}/4); weakest: ${worst.label.toLowerCase()} (${worst.score}/4).${gate}`;
}

/** The EvaluationScorer used without an OpenAI key. */
export class OfflineScorer implements EvaluationScorer {
  constructor(private readonly catalog: TopicCatalog) {}

  async score(session: Session, transcript: readonly TranscriptMessage[]): Promise<ScoredEvaluation> {
    return scoreTranscriptOffline(resolveTopic(this.catalog, session), transcript);
  }
}
