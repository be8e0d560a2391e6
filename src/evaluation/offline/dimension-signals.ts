import type { Concept, PhaseId, Topic } from '../../interviewer/catalog/catalog-schema.js';
import { quantitiesIn, roughly } from '../../substance/numbers.js';
import type { Answer } from '../answers.js';
import { clipQuote } from '../evidence.js';
import type { RubricDimension } from '../rubric/rubric.js';

export interface DimensionSignal {
  dimension: RubricDimension;
  /** 0-1: how much of what this dimension looks for the candidate showed. */
  strength: number;
  /** What was measured, in words for the card. */
  seen: string;
  evidence: string[];
  covered: Concept[];
  missing: Concept[];
  /** How many relevant things were seen at all: a comment never says "none" when this is above 0. */
  shown: number;
  /** Whether the evidence is excellent (the dimension's key counts all met): a 4 needs it. */
  excellent: boolean;
  /** The candidate's own sentences by what they did (scope, target, endpoint...), for feedback in their terms. */
  parts: Record<string, string[]>;
}

/** 1-4 from a 0-1 strength. 4 needs excellent evidence (see README, "What the score measures"). */
export function toRubricScore(strength: number): number {
  if (strength < 0.25) return 1;
  if (strength < 0.5) return 2;
  if (strength < 0.8) return 3;
  return 4;
}

const SCOPE = /\b(in scope|out of scope|users? (?:can|should|need|must|want)|should (?:support|be able|let)|must|needs? to|assume|i'?d (?:leave|skip|defer)|not (?:needed|required)|nice to have|non-functional)\b/i;
// A measurable target: milliseconds, nines, or seconds and percentages that a target word sets
// ("under 2 seconds", "99.9% available"); "divided by 86,400 seconds" is arithmetic, not a target.
const TARGET = /\b\d[\d,.]*\s*(ms|milliseconds?|nines)\b|\b99\.\d+\b|\b(under|within|below|less than|at most|no more than|no later than|p9\d|latency|available|availability|uptime|sla|slo|durab\w+)\b[^.;!?]{0,40}?\d[\d,.]*\s*(seconds?|s|minutes?|%)(?![a-z])/i;
const OUT_OF_SCOPE = /\b(out of scope|not in scope|i'?d (?:leave|skip|defer)|not (?:needed|required)|nice to have|later|won'?t)\b/i;
const ENDPOINT = /\b(get|post|put|delete|patch)\s+\/\S*/i;
const STATUS = /\b(200|201|204|301|302|400|401|403|404|409|410|429|500|503)\b/;
const KEYS = /\b[a-z]+_[a-z_]+\b|\b(primary|partition|sort|shard|clustering) key\b|\bindex(?:ed)? on\b|\bkeyed by\b/i;
const API = /\b(get|post|put|delete|patch)\s+\/\S*|\b[a-z]+_[a-z_]+\b|\b(primary|partition|sort|shard|clustering) key\b|\bindex(?:ed)? on\b|\bkeyed by\b|\b(200|201|204|301|302|400|401|403|404|409|410|429|500|503)\b/gi;
const FLOW = /(->|→|\bthen\b|\bgoes to\b|\bhits?\b|\bforwards?\b|\broutes?\b|\breturns?\b|\bcalls?\b|\bpublishes\b|\bconsumes?\b|\bpushes\b|\bpulls?\b)/i;
const STRUCTURE = /(^|\n)\s*(\d+[.)]|[-*•])\s|\b(first|second|then|finally|because|so that|which means|therefore)\b/i;
const STUCK = /\b(not sure|no idea|don'?t know|i'?m stuck|no clue)\b/i;

const PER = { millisecond: 'a millisecond', second: 'a second', minute: 'a minute', hour: 'an hour', day: 'a day', month: 'a month', year: 'a year' } as const;
const cap = (n: number, full: number) => Math.min(1, n / full);
const count = <T>(answers: Answer[], pick: (a: Answer) => T[]) => answers.reduce((sum, a) => sum + pick(a).length, 0);
const mean = (values: number[]) => (values.length ? values.reduce((s, v) => s + v, 0) / values.length : 0);

/** Weighted share of the concepts, each counted 1 when discussed and 0.3 when only named. */
function coverage(concepts: Concept[], answers: Answer[]): number {
  const total = concepts.reduce((sum, c) => sum + c.weight, 0);
  if (total === 0) return 0;
  return concepts.reduce((sum, c) => sum + c.weight * Math.max(0, ...answers.map((a) => a.concepts.get(c.id) ?? 0)), 0) / total;
}

/** The first sentences of these answers that match, verbatim and clipped: the quotes. */
function quotes(answers: Answer[], matches: (sentence: string, answer: Answer) => boolean, limit = 2): string[] {
  const found = answers.flatMap((a) => a.firm.filter((s) => matches(s, a)));
  return [...new Set(found.map((s) => clipQuote(s)))].slice(0, limit);
}

/** Substance in an answer: decisions with reasons, right arithmetic, tied trade-offs, handled failures. */
export function substanceOf(a: Answer): number {
  return a.reasoning.decisions.length + a.arithmetic.filter((s) => s.correct).length + a.reasoning.tiedTradeoffs.length + a.reasoning.failureHandling.length;
}

/**
 * What the offline scorer measures per dimension (see README, "What the score measures"). Every
 * signal is about what the candidate did with words, not which words: decisions with reasons,
 * arithmetic that is right, trade-offs tied to their choices, failures handled for their
 * components, answers that do what was asked. Deterministic: the same transcript, the same numbers.
 */
export function dimensionSignal(dimension: RubricDimension, topic: Topic, answers: Answer[]): DimensionSignal {
  const concepts = topic.concepts.filter((c) => dimension.phases.includes(c.phase));
  const inPhase = (...phases: PhaseId[]) => answers.filter((a) => phases.includes(a.phase));
  const covered = concepts.filter((c) => answers.some((a) => (a.concepts.get(c.id) ?? 0) >= 1));
  const missing = concepts.filter((c) => !answers.some((a) => a.concepts.has(c.id))).sort((a, b) => b.weight - a.weight);
  const cov = coverage(concepts, answers);
  const own = inPhase(...dimension.phases);
  let strength: number;
  let seen: string;
  let evidence: string[];
  let shown: number;
  let excellent: boolean;
  let parts: Record<string, string[]> = {};

  switch (dimension.id) {
    case 'requirements': {
      const scope = own.flatMap((a) => a.firm.filter((s) => SCOPE.test(s)));
      const targets = own.flatMap((a) => a.firm.filter((s) => TARGET.test(s)));
      const asked = own.some((a) => a.text.includes('?'));
      strength = 0.45 * cov + 0.3 * cap(scope.length, 4) + 0.2 * cap(targets.length, 2) + (asked ? 0.05 : 0);
      seen = `${scope.length} scoping statement(s), ${targets.length} measurable target(s)${asked ? ', asked clarifying questions' : ''}`;
      evidence = quotes(own, (s) => SCOPE.test(s) || TARGET.test(s));
      parts = { scope, outOfScope: scope.filter((s) => OUT_OF_SCOPE.test(s)), targets };
      shown = scope.length + targets.length;
      excellent = scope.length >= 2 && targets.length >= 1;
      break;
    }
    case 'estimation': {
      const steps = answers.flatMap((a) => a.arithmetic);
      const right = steps.filter((s) => s.correct);
      const wrong = steps.filter((s) => !s.correct);
      const numbers = count(own, (a) => quantitiesIn(a.text));
      const implausible = own.reduce((sum, a) => sum + a.implausible, 0);
      // Inputs orders of magnitude off the topic's scale size another system, however right the arithmetic after them.
      const offScale = answers.flatMap((a) => a.offScale);
      strength = 0.55 * cap(right.length, 3) + 0.2 * cap(numbers, 6) + 0.25 * cov - 0.15 * wrong.length - 0.1 * implausible - 0.2 * offScale.length;
      if (right.length === 0 || offScale.length > 0) strength = Math.min(strength, 0.4);
      const firstWrong = wrong[0];
      const firstOff = offScale[0];
      seen = `${right.length} calculation(s) that check out, ${wrong.length} that do not${firstWrong ? ` ("${clipQuote(firstWrong.text, 80)}": about ${roughly(firstWrong.expected)}, not ${roughly(firstWrong.claimed)})` : ''}${firstOff ? `; ${offScale.length} input(s) far from the topic's scale (${roughly(firstOff.input.value)} ${PER[firstOff.input.period]}, where the topic's numbers give about ${roughly(firstOff.expected)} ${PER[firstOff.input.period]})` : ''}`;
      shown = steps.length + numbers;
      const sized = answers.some((a) => quantitiesIn(a.text).some((q) => q.unit === 'bytes'));
      excellent = right.length >= 3 && wrong.length === 0 && offScale.length === 0 && sized;
      const stepText = steps.map((s) => s.text);
      evidence = quotes(answers, (s) => stepText.some((t) => s.includes(t)));
      if (evidence.length === 0) evidence = quotes(own, (s) => quantitiesIn(s).length > 0);
      break;
    }
    case 'api-data-model': {
      // An answer full of endpoints and keys counts here wherever it was given: where an answer
      // lands in the interview must not decide whether its API counts.
      const details = (a: Answer) => a.firm.join('\n').match(API)?.length ?? 0;
      const apiAnswers = answers.filter((a) => own.includes(a) || details(a) >= 3);
      const specifics = apiAnswers.reduce((sum, a) => sum + details(a), 0);
      const decisions = count(apiAnswers, (a) => a.reasoning.decisions);
      strength = 0.35 * cov + 0.4 * cap(specifics, 6) + 0.25 * cap(decisions, 2);
      seen = `${specifics} concrete endpoint, key or field detail(s), ${decisions} justified choice(s)`;
      evidence = quotes(apiAnswers, (s) => new RegExp(API.source, 'i').test(s));
      const said = apiAnswers.flatMap((a) => a.firm);
      parts = { endpoints: said.filter((s) => ENDPOINT.test(s)), status: said.filter((s) => STATUS.test(s)), keys: said.filter((s) => KEYS.test(s)) };
      shown = specifics + decisions;
      excellent = specifics >= 6 && parts.endpoints!.length > 0 && parts.keys!.length > 0;
      break;
    }
    case 'high-level-design': {
      const decisions = count(own, (a) => a.reasoning.decisions) + 0.5 * count(inPhase('api-data-model', 'requirements'), (a) => a.reasoning.decisions);
      const flow = own.reduce((sum, a) => sum + a.firm.filter((s) => FLOW.test(s)).length, 0);
      strength = 0.35 * cov + 0.35 * cap(decisions, 3) + 0.15 * mean(own.map((a) => a.addressed)) + 0.15 * cap(flow, 3);
      seen = `${Math.floor(decisions)} decision(s) with a reason, ${flow} step(s) of request flow`;
      shown = decisions + flow;
      excellent = decisions >= 3 && flow >= 3;
      evidence = quotes(own, (s, a) => a.reasoning.decisions.includes(s));
      if (evidence.length === 0) evidence = quotes(own, (s) => concepts.some((c) => c.keywords.some((k) => s.toLowerCase().includes(k))));
      break;
    }
    case 'deep-dive-scalability': {
      const mechanisms = own.reduce((sum, a) => sum + substanceOf(a), 0);
      strength = own.length === 0 ? 0.15 * cov : 0.3 * cov + 0.4 * cap(mechanisms, 5) + 0.2 * mean(own.map((a) => a.addressed)) + 0.1 * cap(mean(own.map((a) => a.words)), 70);
      seen = `${own.length} deep-dive answer(s) with ${mechanisms} reasoned step(s)`;
      shown = mechanisms;
      excellent = mechanisms >= 5 && own.length >= 2;
      evidence = quotes(own, (s, a) => a.reasoning.decisions.includes(s) || a.reasoning.failureHandling.includes(s));
      break;
    }
    case 'tradeoffs-reliability': {
      const tied = count(answers, (a) => a.reasoning.tiedTradeoffs);
      const failures = count(answers, (a) => a.reasoning.failureHandling);
      const loose = count(answers, (a) => a.reasoning.looseTradeoffs);
      strength = 0.45 * cap(tied, 3) + 0.4 * cap(failures, 3) + 0.15 * cap(loose, 4);
      seen = `${tied} trade-off(s) tied to a choice, ${failures} failure(s) handled for a named component`;
      shown = tied + failures + loose;
      excellent = tied >= 2 && failures >= 2;
      evidence = quotes(answers, (s, a) => a.reasoning.tiedTradeoffs.includes(s) || a.reasoning.failureHandling.includes(s));
      break;
    }
    default: {
      // Communication: answers that do what was asked, with structure, without rambling.
      const rambles = (a: Answer) => a.words > 180 && (substanceOf(a) * 100) / a.words < 0.6;
      const addressed = mean(answers.map((a) => (rambles(a) ? Math.min(0.5, a.addressed) : a.addressed)));
      const structured = mean(answers.map((a) => (STRUCTURE.test(a.text) ? 1 : 0)));
      const rambling = answers.filter(rambles).length;
      const stuck = answers.filter((a) => STUCK.test(a.text)).length;
      // Answering the question comes first; form only counts on top of answers that do.
      const form = 0.4 * structured + 0.35 * (1 - rambling / Math.max(1, answers.length)) + 0.25 * (1 - stuck / Math.max(1, answers.length));
      strength = 0.6 * addressed + 0.4 * Math.min(1, addressed * 1.5) * form;
      if (mean(answers.map((a) => a.words)) < 15) strength = Math.min(strength, 0.4);
      seen = `${answers.filter((a) => a.addressed >= 1).length} of ${answers.length} answers did what was asked${rambling ? `, ${rambling} ran long without a decision` : ''}`;
      evidence = quotes(answers, (s, a) => a.addressed >= 1 && a.reasoning.decisions.includes(s), 1);
      shown = answers.filter((a) => a.addressed >= 1).length;
      excellent = addressed >= 0.9 && rambling === 0;
      parts = { missed: answers.filter((a) => a.addressed < 1).map((a) => a.question), rambling: answers.filter(rambles).map((a) => a.question) };
    }
  }
  // Nothing relevant said: no quote rather than an irrelevant one (the comment says so).
  return { dimension, strength: Math.max(0, Math.min(1, strength)), seen, evidence, covered, missing, shown, excellent, parts };
}
