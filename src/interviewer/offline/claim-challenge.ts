import type { PhaseId, Topic } from '../catalog/catalog-schema.js';
import { arithmeticIn } from '../../substance/arithmetic.js';
import { capacityClaims } from '../../substance/capacity.js';
import { roughly } from '../../substance/numbers.js';
import { closestTo, implausibleRates, impliedRates, offScaleInputs } from '../../substance/scale-check.js';
import { sentencesOf } from '../../substance/sentences.js';

const PERIOD_WORDS = { millisecond: 'a millisecond', second: 'a second', minute: 'a minute', hour: 'an hour', day: 'a day', month: 'a month', year: 'a year' } as const;

/**
 * A question that challenges a specific claim, as an interviewer would: arithmetic that does not
 * follow from the candidate's own inputs (off by more than 2x), a single machine credited with
 * ten times what one sustains (or ten times less), an input of their own orders of magnitude off
 * the topic's scale, or a per-second figure far from the numbers the topic gave.
 */
export function challengeFor(topic: Topic, text: string, phase: PhaseId): string | null {
  const wrong = arithmeticIn(text).find((step) => !step.correct);
  if (wrong?.from) {
    const input = `${roughly(wrong.from.value)} ${PERIOD_WORDS[wrong.from.period]}`;
    return `Let me check one number: ${input} is about ${roughly(wrong.expected)} a second, not ${roughly(wrong.claimed)}. How does that change your estimate?`;
  }
  if (wrong) return `Let me check your arithmetic: "${wrong.text}" comes to about ${roughly(wrong.expected)}, not ${roughly(wrong.claimed)}. Does the rest of the estimate still hold?`;
  const capacity = capacityClaims(sentencesOf(text))[0];
  if (capacity?.direction === 'over') {
    return `You said ${capacity.label} handles about ${roughly(capacity.claimed)} operations a second. In practice that is nearer ${roughly(capacity.typical)}, more than ten times less. How does your design cope with that?`;
  }
  if (capacity) {
    return `You said ${capacity.label} handles about ${roughly(capacity.claimed)} operations a second. In practice that is nearer ${roughly(capacity.typical)}, more than ten times more. Does that change how many you need?`;
  }
  // Inputs of the candidate's own, orders of magnitude off the topic's scale: right arithmetic
  // for the wrong system (in any phase: the inputs are the candidate's, not a guess).
  const offScale = offScaleInputs(text, topic.scaleHints)[0];
  if (offScale) {
    const period = PERIOD_WORDS[offScale.input.period];
    return `You started from ${roughly(offScale.input.value)} ${period}; the numbers I gave work out to about ${roughly(offScale.expected)} ${period}. Which scale are you designing for, and what changes at the bigger one?`;
  }
  if (phase !== 'estimation') return null;
  const implied = impliedRates(topic.scaleHints);
  const off = implausibleRates(text, implied)[0];
  if (!off) return null;
  const closest = closestTo(off.perSecond, implied);
  return `The numbers I gave work out to about ${roughly(closest)} a second, and you said ${roughly(off.perSecond)}. How did you get there?`;
}
