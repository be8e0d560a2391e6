import type { Concept, Topic } from '../../interviewer/catalog/catalog-schema.js';
import { matchedKeywords, sentencesOf } from '../../interviewer/concept-coverage.js';
import { clipQuote } from '../evidence.js';
import type { RubricDimension } from '../rubric/rubric.js';
import type { TranscriptFacts } from '../transcript-facts.js';

export interface DimensionSignal {
  dimension: RubricDimension;
  /** 0-1: how much of what this dimension looks for the candidate showed. */
  strength: number;
  covered: Concept[];
  missing: Concept[];
  evidence: string[];
}

/** 1-4 from a 0-1 strength; the cut points sit between the rubric's anchors. */
export function toRubricScore(strength: number): number {
  if (strength < 0.2) return 1;
  if (strength < 0.45) return 2;
  if (strength < 0.7) return 3;
  return 4;
}

/**
 * Weighted coverage where each concept counts by how thoroughly it was discussed: naming one
 * keyword is a mention, using three or more of its distinct terms is a real discussion.
 */
function weightedCoverage(concepts: Concept[], depthOf: (c: Concept) => number): number {
  const total = concepts.reduce((sum, c) => sum + c.weight, 0);
  return total === 0 ? 0 : concepts.reduce((sum, c) => sum + c.weight * depthOf(c), 0) / total;
}

/** Candidate sentences ranked by how many of the given words they use: the best quotes. */
function bestSentences(texts: readonly string[], hits: (sentence: string) => number, count = 2): string[] {
  const ranked = texts
    .flatMap((text) => sentencesOf(text))
    .map((sentence, order) => ({ sentence, score: hits(sentence), order }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || a.order - b.order);
  return [...new Set(ranked.slice(0, count).map((s) => clipQuote(s.sentence)))];
}

function longestSentence(texts: readonly string[]): string[] {
  const all = texts.flatMap((text) => sentencesOf(text)).sort((a, b) => b.length - a.length);
  return all[0] ? [clipQuote(all[0])] : [];
}

/**
 * What the offline scorer measures per dimension: concept coverage of the dimension's phases,
 * plus quantities for estimation, trade-off language for trade-offs, answer depth for the deep
 * dive and structure for communication. Deterministic: the same transcript, the same numbers.
 */
export function dimensionSignal(dimension: RubricDimension, topic: Topic, facts: TranscriptFacts, coveredIds: Set<string>): DimensionSignal {
  const concepts = topic.concepts.filter((c) => dimension.phases.includes(c.phase));
  const covered = concepts.filter((c) => coveredIds.has(c.id));
  const missing = concepts.filter((c) => !coveredIds.has(c.id)).sort((a, b) => b.weight - a.weight);
  const allText = facts.candidateTexts.join('\n');
  const depthOf = (c: Concept) => (coveredIds.has(c.id) ? Math.min(1, matchedKeywords(c, allText).length / 3) : 0);
  // Short answers cap how much any coverage can count: naming things is not designing them.
  const elaboration = 0.5 + 0.5 * Math.min(1, facts.averageWords / 110);
  const coverage = weightedCoverage(concepts, depthOf) * elaboration;
  const conceptHits = (sentence: string) => concepts.reduce((sum, c) => sum + matchedKeywords(c, sentence).length, 0);
  const depth = Math.min(1, facts.averageWords / 90);
  let strength = coverage;
  let evidence = bestSentences(facts.candidateTexts, conceptHits);

  if (dimension.id === 'estimation') {
    strength = 0.5 * coverage + 0.5 * Math.min(1, facts.quantities / 6);
    evidence = bestSentences(facts.candidateTexts, (s) => conceptHits(s) + (s.match(/\d/g) ? 1 : 0));
  } else if (dimension.id === 'deep-dive-scalability') {
    strength = 0.75 * coverage + 0.25 * depth;
  } else if (dimension.id === 'tradeoffs-reliability') {
    const signals = dimension.signals ?? [];
    const signalConcept = { id: 'signals', label: '', phase: 'deep-dive', keywords: signals, probe: '', weight: 1 } as Concept;
    const distinct = new Set(facts.candidateTexts.flatMap((text) => matchedKeywords(signalConcept, text))).size;
    strength = 0.6 * Math.min(1, distinct / 7) + 0.4 * coverage;
    evidence = bestSentences(facts.candidateTexts, (s) => matchedKeywords(signalConcept, s).length + conceptHits(s));
  } else if (dimension.id === 'communication') {
    const turns = Math.max(1, facts.candidateTurns);
    strength = 0.45 * Math.min(1, facts.averageWords / 70) + 0.35 * (facts.structuredTurns / turns) + 0.2 * (1 - facts.stuckTurns / turns);
    evidence = longestSentence(facts.candidateTexts);
  }
  // Every dimension carries the candidate's own words, even where they show what was missing.
  if (evidence.length === 0) evidence = longestSentence(facts.candidateTexts);
  return { dimension, strength: Math.max(0, Math.min(1, strength)), covered, missing, evidence };
}
