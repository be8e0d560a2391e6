import type { PhaseId, Topic } from '../catalog/catalog-schema.js';
import { arithmeticIn } from '../../substance/arithmetic.js';
import { capacityClaims } from '../../substance/capacity.js';
import { roughly } from '../../substance/numbers.js';
import { ratesIn } from '../../substance/rates.js';
import { implausibleRate, impliedRates } from '../../substance/scale-check.js';
import { sentencesOf } from '../../substance/sentences.js';

const PERIOD_WORDS = { second: 'a second', minute: 'a minute', hour: 'an hour', day: 'a day', month: 'a month', year: 'a year' } as const;

/**
 * A question that challenges a specific claim, as an interviewer would: arithmetic that does not
 * follow from the candidate's own inputs (off by more than 2x), a single machine credited with
 * ten times what one sustains, or a per-second figure far from the numbers the topic gave.
 */
export function challengeFor(topic: Topic, text: string, phase: PhaseId): string | null {
  const wrong = arithmeticIn(text).find((step) => !step.correct);
  if (wrong?.from) {
    const input = `${roughly(wrong.from.value)} ${PERIOD_WORDS[wrong.from.period]}`;
    return `Let me check one number: ${input} is about ${roughly(wrong.expected)} a second, not ${roughly(wrong.claimed)}. How does that change your estimate?`;
  }
  if (wrong) return `Let me check your arithmetic: "${wrong.text}" comes to about ${roughly(wrong.expected)}, not ${roughly(wrong.claimed)}. Does the rest of the estimate still hold?`;
  const capacity = capacityClaims(sentencesOf(text))[0];
  if (capacity) {
    return `You said ${capacity.label} handles about ${roughly(capacity.claimed)} operations a second. In practice that is nearer ${roughly(capacity.typical)}, more than ten times less. How does your design cope with that?`;
  }
  if (phase !== 'estimation') return null;
  const rates = ratesIn(text);
  if (rates.some((r) => r.period !== 'second')) return null;
  const implied = impliedRates(topic.scaleHints);
  const off = rates.find((r) => implausibleRate(r, implied));
  if (!off) return null;
  const closest = implied.reduce((a, b) => (Math.abs(Math.log(b / off.perSecond)) < Math.abs(Math.log(a / off.perSecond)) ? b : a));
  return `The numbers I gave work out to about ${roughly(closest)} a second, and you said ${roughly(off.perSecond)}. How did you get there?`;
}
