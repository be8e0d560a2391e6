import type { DimensionScore } from '../../domain/types.js';
import type { Topic } from '../../interviewer/catalog/catalog-schema.js';
import { quantitiesIn, roughly } from '../../substance/numbers.js';
import { choicePhrase } from '../../substance/reasoning.js';
import type { Answer } from '../answers.js';
import { clipQuote } from '../evidence.js';
import type { DimensionSignal } from './dimension-signals.js';

const PER = { millisecond: 'a millisecond', second: 'a second', minute: 'a minute', hour: 'an hour', day: 'a day', month: 'a month', year: 'a year' } as const;

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
    case 'requirements': {
      const { scope = [], outOfScope = [], targets = [] } = signal.parts;
      const inScope = scope.filter((s) => !outOfScope.includes(s) && !targets.includes(s));
      if (scope.length === 0 && targets.length === 0) return 'Open by saying what is in and out of scope and one measurable target (for example a p99 latency or an availability figure) before designing.';
      const said = [...new Set([outOfScope[0], targets[0], inScope[0]].filter((s): s is string => Boolean(s)))].slice(0, 2).map((s) => `"${clipQuote(s, 80)}"`).join(' and ');
      if (outOfScope.length === 0) return `You said ${said}: also say what is out of scope, so the design has edges.`;
      if (targets.length === 0) return `You said ${said}: add one measurable target the design must meet (a p99 latency, an availability figure).`;
      if (inScope.length === 0) return `You said ${said}: also list the features that are in scope, so the design covers them.`;
      if (gap) return `You said ${said}: next, cover ${gap.label.toLowerCase()} as well. ${gap.probe}`;
      return `You said ${said}: next, say which requirement drives the design most, and why.`;
    }
    case 'estimation': {
      const off = answers.flatMap((a) => a.offScale)[0];
      if (off) return `Start from the topic's scale: you used ${roughly(off.input.value)} ${PER[off.input.period]}, but its numbers work out to about ${roughly(off.expected)} ${PER[off.input.period]}. Redo the estimate from there.`;
      const steps = answers.flatMap((a) => a.arithmetic);
      const wrong = steps.find((s) => !s.correct);
      if (wrong) return `Check the arithmetic as you go: in "${clipQuote(wrong.text, 90)}" the result is about ${roughly(wrong.expected)}, not ${roughly(wrong.claimed)}.`;
      const right = steps.find((s) => s.correct);
      const sized = answers.some((a) => quantitiesIn(a.text).some((q) => q.unit === 'bytes'));
      if (right && !sized) return `You worked out "${clipQuote(right.text, 90)}": next, turn it into storage (record size × rate × retention) and say which design choice it drives.`;
      if (right) return `You worked out "${clipQuote(right.text, 90)}": next, say which design choice each figure drives (how many servers, how much cache, how the data is split).`;
      if (answers.some((a) => a.quantities > 0)) return 'Turn your numbers into derived figures: divide daily volumes by 86,400 s for a per-second rate, then multiply by record size and retention for storage, and say which design choice each figure drives.';
      return `Put numbers on the load before designing: start from "${topic.scaleHints[0]}" and derive requests per second and storage.`;
    }
    case 'api-data-model': {
      const { endpoints = [], status = [], keys = [] } = signal.parts;
      const quote = (s: string) => `"${clipQuote(s, 80)}"`;
      if (endpoints.length === 0 && keys.length === 0 && status.length === 0) return 'Write each endpoint as method, path and response (for example `POST /resource` returning 201), and key the data model by the query it must serve.';
      if (endpoints.length === 0) return `You described ${quote(keys[0] ?? status[0]!)}: also write the endpoints that use it, as method, path and response (for example \`POST /resource\` returning 201).`;
      if (keys.length === 0) return `You wrote ${quote(endpoints[0]!)}: next, give the data model behind it: the table, its key, and the query that key serves.`;
      if (status.length === 0) return `You wrote ${quote(endpoints[0]!)}: add what each endpoint returns (status code and body) and its errors.`;
      return `You wrote ${quote(endpoints[0]!)} and ${quote(keys[0]!)}: say why that key fits the main query, and what another key would cost.`;
    }
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
      const { missed = [], rambling = [] } = signal.parts;
      const asked = (q: string | undefined) => (q ? ` (for example "${clipQuote(q, 80)}")` : '');
      if (missed.length > answers.length / 3) return `Answer the question asked first, then add detail: ${missed.length} of ${answers.length} answers did not do what their question asked${asked(missed[0])}.`;
      if (rambling[0] !== undefined) return `Your answer to "${clipQuote(rambling[0], 80)}" ran long without a decision: lead with the decision and its reason in a few sentences, then the detail.`;
      const deciding = answers.filter((a) => a.reasoning.decisions.length > 0).length;
      if (deciding < answers.length / 2) return 'Lead each answer with the decision and its reason in a few sentences, then the detail.';
      return missed[0] !== undefined ? `Answer each question directly before moving on: "${clipQuote(missed[0], 80)}" did not get the answer it asked for.` : null;
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
