import { arithmeticIn } from './arithmetic.js';
import { near, quantitiesIn } from './numbers.js';
import { ratesIn, ratiosIn, SECONDS, type Rate } from './rates.js';

/**
 * Per-second rates the topic's scale numbers imply: each stated rate, times each stated ratio
 * ("reads outnumber writes 100 to 1"), and user counts times per-user rates ("50 million daily
 * users ... 40 messages a day each"). A candidate's per-second figure far from all of them, with
 * no input of their own, is worth a question.
 */
export function impliedRates(scaleHints: readonly string[]): number[] {
  const text = scaleHints.join(' ');
  // "500 million daily active users" counts people, not a rate of anything.
  const rates = ratesIn(text).filter((r) => !/^\s*(?:daily|monthly)?\s*(?:active\s+)?(?:users|people|accounts|devices|drivers|riders|members)\b/i.test(text.slice(r.end).replace(/^\s*(?:daily|monthly)\b/i, '')));
  const ratios = [1, ...ratiosIn(text)];
  const users = scaleHints.flatMap((hint) => (/\b(users|people|accounts|devices|drivers|riders|members)\b/i.test(hint) ? quantitiesIn(hint).filter((q) => q.value >= 1_000) : []));
  const perUser = rates.filter((r) => r.value < 1_000);
  const base = [...rates.filter((r) => r.value >= 1_000).map((r) => r.perSecond), ...users.flatMap((u) => perUser.map((r) => (u.value * r.value) / SECONDS[r.period]))];
  return [...new Set(base.flatMap((r) => ratios.map((f) => r * f)))];
}

/** A per-second claim without the candidate's own input, off by more than 2x from every implied rate. */
export function implausibleRate(claim: Rate, implied: readonly number[]): boolean {
  if (claim.period !== 'second' || implied.length === 0) return false;
  return !implied.some((rate) => near(claim.perSecond, rate));
}

/**
 * The per-second figures of an answer that are far (over 2x) from every rate the topic's numbers
 * imply, when the answer has no input of the candidate's own: no volume over a longer period
 * ("100 million a day") and no arithmetic written out ("1B / 2.6M ≈ 385"), whose steps are
 * checked instead. A rate for one part of the system ("5,000 per second each", "per node:
 * 12.5k ops/s") is not the system's rate.
 */
export function implausibleRates(text: string, implied: readonly number[]): Rate[] {
  const rates = ratesIn(text);
  if (implied.length === 0 || rates.some((r) => r.period !== 'second') || arithmeticIn(text).some((step) => step.correct)) return [];
  return rates.filter((r) => implausibleRate(r, implied) && !perEntity(text, r));
}

function perEntity(text: string, rate: Rate): boolean {
  const after = text.slice(rate.end, rate.end + 40).split(/[.;!?\n]/)[0]!;
  const before = text.slice(Math.max(0, rate.start - 30), rate.start).split(/[.;!?\n]/).at(-1)!;
  return PER_ENTITY.test(after) || PER_ENTITY.test(before) || /\beach\b/i.test(after) || /\b(?:one|a single|each)\s+(?:\w+\s+)?(?:node|server|instance|machine|worker|host|shard|box)\b/i.test(before);
}

/** An input the candidate stated ("1,000 links a day") and the nearest figure the topic's numbers give for that period. */
export interface OffScaleInput {
  input: Rate;
  /** The closest implied rate, in the input's period ("100 million a day"). */
  expected: number;
}

// How far off an input must be, either way, to be the wrong system rather than a rough guess.
const ORDERS_OFF = 30;
const PER_ENTITY = /\b(?:per|a|an|each|every)\s+(?:user|person|people|driver|rider|device|member|account|customer|client|host|domain|sender|seller|merchant|key|api key|ip|phone|group|node|server|instance|machine|worker|shard|partition|box|core|thread|connection|replica|broker|consumer|generator)s?\b/i;

/**
 * Inputs the candidate estimated from (a volume per day, month, hour... converted into a rate),
 * more than 30x off every rate the topic's numbers imply and every rate they state: the
 * arithmetic after them may be right, but it sizes another system. Per-user rates ("each user
 * creates 5 links a day") and percentages are not volumes.
 */
export function offScaleInputs(text: string, scaleHints: readonly string[]): OffScaleInput[] {
  const implied = impliedRates(scaleHints);
  if (implied.length === 0) return [];
  // A rate the topic states itself ("100 requests per minute per API key") is fine when quoted back.
  const stated = ratesIn(scaleHints.join(' ')).map((r) => r.perSecond);
  const sources = arithmeticIn(text).flatMap((step) => (step.from ? [step.from.start] : []));
  return ratesIn(text)
    .filter((r) => sources.includes(r.start) && r.period !== 'second' && !/^\s*(%|percent)/i.test(text.slice(r.end)))
    .filter((r) => !PER_ENTITY.test(text.slice(r.end, r.end + 30)) && !PER_ENTITY.test(text.slice(Math.max(0, r.start - 30), r.start)))
    .filter((r) => !implied.some((rate) => near(r.perSecond, rate, ORDERS_OFF)) && !stated.some((rate) => near(r.perSecond, rate)))
    .map((input) => ({ input, expected: closestTo(input.perSecond, implied) * SECONDS[input.period] }));
}

/** The implied rate nearest to a per-second figure, by ratio. */
export function closestTo(perSecond: number, implied: readonly number[]): number {
  return implied.reduce((a, b) => (Math.abs(Math.log(b / perSecond)) < Math.abs(Math.log(a / perSecond)) ? b : a));
}
