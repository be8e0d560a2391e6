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
  const rates = ratesIn(text);
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
