import { near, quantitiesIn, type Quantity } from './numbers.js';
import { ratesIn, ratiosIn, SECONDS, type Rate } from './rates.js';

/** One piece of arithmetic the candidate wrote, and whether its result is right (within 2x). */
export interface ArithmeticStep {
  text: string;
  claimed: number;
  expected: number;
  correct: boolean;
  /** For a wrong per-day to per-second conversion: the input it should have come from. */
  from?: Rate;
}

type Op = 'mul' | 'div' | 'eq';

// Unit words between a number and an operator ("1,200 writes/s × 500 bytes") are not operators.
const UNIT_SLASH = /\/\s*(s|sec|second|day|month|year|hour|min|user)\b/gi;

function operatorIn(between: string): Op | null {
  const text = between.replace(UNIT_SLASH, ' ').toLowerCase();
  // "1/200 of the keys become misses: ~25k": a share of something left unwritten, not a result.
  // "100 × that ≈ 116k": the operand is a figure said before, not the number after the sign.
  if (text.length > 40 || /[.;!?]\s/.test(text) || /^\s*(?:%|percent)?\s*of\b/.test(text) || /[×*÷/]\s*(?:that|this|it|those)\b/.test(text)) return null;
  if (/(=|≈|~|\b(is|equals|gives|comes to|that'?s|which is|works out to|so)\b)/.test(text) && !/[×*÷/]|\b(times|x|divided by|over|multiplied by)\b/.test(text)) return 'eq';
  if (/[×*]|\b(times|x|multiplied by)\b/.test(text)) return 'mul';
  if (/[÷/]|\b(divided by|over)\b/.test(text)) return 'div';
  return null;
}

/** Chains written out: "100M / 86,400 ≈ 1,157", "1,200 × 500 bytes × 86,400 × 365 ≈ 19 TB". */
function writtenSteps(text: string): ArithmeticStep[] {
  const steps: ArithmeticStep[] = [];
  const qs = quantitiesIn(text);
  let value: number | null = null;
  let start = 0;
  let operated = false;
  for (let i = 0; i < qs.length; i += 1) {
    const q = qs[i]!;
    const op = i === 0 ? null : operatorIn(text.slice(qs[i - 1]!.end, q.start));
    if (op === null || value === null) {
      value = q.value;
      start = q.start;
      operated = false;
    } else if (op === 'eq') {
      if (operated) steps.push({ text: text.slice(start, q.end), claimed: q.value, expected: value, correct: near(q.value, value) });
      value = q.value;
      operated = false;
    } else {
      value = op === 'mul' ? value * q.value : value / q.value;
      operated = true;
    }
  }
  return steps;
}

/** "100 million a day, that's about 1,200 writes per second": a rate converted to another period. */
function conversions(text: string): ArithmeticStep[] {
  const steps: ArithmeticStep[] = [];
  const rates = ratesIn(text).filter((r) => !/^\s*(per|a|each)\s+(user|person|driver|device)/i.test(text.slice(r.end, r.end + 20)));
  const ratios = [1, ...ratiosIn(text)];
  const peak = (r: Rate) => /\bpeak|burst|spike/i.test(text.slice(Math.max(0, r.start - 60), r.end + 30));
  for (const [i, claim] of rates.entries()) {
    // The few closest rates before it: an input is stated near the figure derived from it, over
    // a longer period ("a day" to "a second"; "200 a second. ... 50 million in an hour" is two figures).
    const inputs = rates.slice(Math.max(0, i - 6), i).filter((r) => SECONDS[r.period] > SECONDS[claim.period] && r.perSecond > claim.perSecond / 1e6);
    if (inputs.length === 0 || claim.period === 'day' || claim.period === 'month' || claim.period === 'year') continue;
    // Factors the candidate states on the way ("with 2 devices each", "a 3x peak") count as theirs.
    const stated = (from: Rate) => {
      const between = text.slice(from.end, claim.start);
      return quantitiesIn(between).filter((q) => q.unit === 'count' && q.value > 1 && q.value <= 1_000 && !/^\s*(?:%|percent)/i.test(between.slice(q.end))).map((q) => q.value);
    };
    const factors = claim.side === 'write' ? [1] : ratios;
    const fits = (input: Rate) => [...factors, ...stated(input)].some((f) => near(claim.perSecond, input.perSecond * f) || (peak(claim) && claim.perSecond >= input.perSecond * f && claim.perSecond <= input.perSecond * f * 10));
    const source = inputs.find(fits);
    const closest = inputs.at(-1)!;
    // A mismatch counts only when the input sits close by (the same or the previous sentence):
    // further away, the candidate may be estimating something else.
    const between = text.slice(closest.end, claim.start);
    const nearby = (between.match(/[.!?]\s/g)?.length ?? 0) < 2 && !between.includes('\n\n');
    // ... and only when the figure is given as a result ("that's roughly 100,000"): a figure
    // stated plainly ("For the campaign, 50 million in an hour") is another input.
    const result = /(=|≈|~|\b(is|are|that'?s|which is|about|roughly|around|approximately|comes to|works out to|gives|means|so|call it))\W*$/i.test(text.slice(Math.max(closest.end, claim.start - 30), claim.start));
    if (!source && !(nearby && result)) continue;
    const input = source ?? closest;
    steps.push({ text: text.slice(input.start, claim.end), claimed: claim.perSecond, expected: input.perSecond, correct: Boolean(source), from: input });
  }
  return steps;
}

/** The arithmetic in one answer: written-out chains and rate conversions. */
export function arithmeticIn(text: string): ArithmeticStep[] {
  return [...writtenSteps(text), ...conversions(text)];
}

export type { Quantity };
