import type { DimensionScore } from '../../domain/types.js';
import type { Topic } from '../../interviewer/catalog/catalog-schema.js';
import { roughly } from '../../substance/numbers.js';
import { choicePhrase } from '../../substance/reasoning.js';
import type { Answer } from '../answers.js';
import { clipQuote } from '../evidence.js';
import type { DimensionSignal } from './dimension-signals.js';

interface Scored {
  signal: DimensionSignal;
  score: DimensionScore;
}

/** Dimensions at 3 or 4, best first, each with what was seen. */
export function strengthsOf(scored: Scored[]): string[] {
  return scored
    .filter(({ score }) => score.score >= 3)
    .sort((a, b) => b.score.score * b.score.weight - a.score.score * a.score.weight)
    .slice(0, 3)
    .map(({ signal }) => `${signal.dimension.label}: ${signal.seen}.`);
}

/**
 * What to do next time, for the weakest dimensions, in the candidate's own design terms. Each
 * item is asked only when its signal is missing, so it never asks for what was already done.
 */
export function improvementsOf(topic: Topic, scored: Scored[], answers: Answer[]): string[] {
  const bare = answers.flatMap((a) => a.reasoning.bareChoices.map((s) => choicePhrase(s))).find((o): o is string => Boolean(o));
  const chosen = answers.flatMap((a) => a.reasoning.decisions.map((s) => choicePhrase(s))).find((o): o is string => Boolean(o));
  const weak = scored.filter(({ score }) => score.score <= 2).sort((a, b) => a.score.score - b.score.score || b.score.weight - a.score.weight);
  const items: string[] = [];
  for (const { signal } of weak) {
    const item = improvementFor(topic, signal, answers, bare, chosen);
    if (item && !items.includes(item)) items.push(item);
    if (items.length >= 4) break;
  }
  if (items.length === 0) {
    const gap = scored.flatMap(({ signal }) => signal.missing).sort((a, b) => b.weight - a.weight)[0];
    items.push(gap ? `To reach the top of the scale, also cover ${gap.label.toLowerCase()}: ${gap.probe}` : `To reach the top of the scale, take your design to ten times the load${chosen ? ` (you said you'd ${chosen})` : ''} and say what breaks first and what you would change.`);
  }
  return items;
}

function improvementFor(topic: Topic, signal: DimensionSignal, answers: Answer[], bare: string | undefined, chosen: string | undefined): string | null {
  const gap = signal.missing[0];
  switch (signal.dimension.id) {
    case 'requirements':
      return 'Open by saying what is in and out of scope and one measurable target (for example a p99 latency or an availability figure) before designing.';
    case 'estimation': {
      const wrong = answers.flatMap((a) => a.arithmetic).find((s) => !s.correct);
      if (wrong) return `Check the arithmetic as you go: in "${clipQuote(wrong.text, 90)}" the result is about ${roughly(wrong.expected)}, not ${roughly(wrong.claimed)}.`;
      if (answers.some((a) => a.quantities > 0)) return 'Turn your numbers into derived figures: divide daily volumes by 86,400 s for a per-second rate, then multiply by record size and retention for storage, and say which design choice each figure drives.';
      return `Put numbers on the load before designing: start from "${topic.scaleHints[0]}" and derive requests per second and storage.`;
    }
    case 'api-data-model':
      return 'Write each endpoint as method, path and response (for example `POST /resource` returning 201), and key the data model by the query it must serve.';
    case 'high-level-design':
      if (bare) return `Give the reason for each choice and the alternative you rejected: you said you'd ${bare} without saying why.`;
      return gap ? `Cover ${gap.label.toLowerCase()}: ${gap.probe}` : null;
    case 'deep-dive-scalability':
      if (gap) return `Go deeper on ${gap.label.toLowerCase()}: ${gap.probe}`;
      return `Take your design to ten times the load${chosen ? ` (you said you'd ${chosen})` : ''}: say what breaks first and what you would change.`;
    case 'tradeoffs-reliability':
      if (chosen || bare) return `You said you'd ${chosen ?? bare}: say what that choice costs you, when you would choose differently, and what happens when it fails.`;
      return 'For each major choice, say what it costs you and what happens when that component fails (and how the system keeps working).';
    default: {
      const missed = answers.filter((a) => a.addressed < 1).length;
      if (missed > answers.length / 3) return `Answer the question asked first, then add detail: ${missed} of ${answers.length} answers did not do what their question asked.`;
      return 'Lead each answer with the decision and its reason in a few sentences, then the detail.';
    }
  }
}

/** One line: band, score, strongest and weakest (ties named together, an even card said so). */
export function summaryOf(topicName: string, bandText: string, overall: number, scored: Scored[], gated: string[]): string {
  const scores = scored.map(({ signal, score }) => ({ label: signal.dimension.label.toLowerCase(), score: score.score }));
  const best = Math.max(...scores.map((s) => s.score));
  const worst = Math.min(...scores.map((s) => s.score));
  const names = (value: number) => joinNames(scores.filter((s) => s.score === value).map((s) => s.label));
  const shape = best === worst ? `Even across the rubric: every dimension at ${best}/4.` : `Strongest: ${names(best)} (${best}/4); weakest: ${names(worst)} (${worst}/4).`;
  const gate = gated.length ? ` ${gated.join(' ')}` : '';
  return `${bandText} on ${topicName}: ${overall}/100. ${shape}${gate}`;
}

function joinNames(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
