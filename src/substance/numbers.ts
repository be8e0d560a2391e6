import { perText } from './per-text.js';
// Numbers as candidates write them: "1,200", "1.2k", "100M", "100 million", "5 TB", "~86,400".
// Each keeps its position so a claim can be tied to the words around it.

export interface Quantity {
  value: number;
  start: number;
  end: number;
  /** 'bytes' when written with a byte unit (KB..PB), otherwise a plain count. */
  unit: 'count' | 'bytes';
}

const SCALE: Record<string, number> = {
  k: 1e3, thousand: 1e3, m: 1e6, mn: 1e6, mil: 1e6, million: 1e6, b: 1e9, bn: 1e9, billion: 1e9, t: 1e12, trillion: 1e12,
  kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, pb: 1e15, bytes: 1, byte: 1,
};
// Bits, counted in bytes so that "40 MB/s ≈ 320 Mbps" and "300 s × 3 Mbps = 900 Mb" compare:
// "bits", "gigabits", rates such as "Mbps", and a byte unit written with a small b ("900 Mb").
const BITS: Record<string, number> = { bit: 1 / 8, bits: 1 / 8, kilobits: 1e3 / 8, megabits: 1e6 / 8, gigabits: 1e9 / 8, terabits: 1e12 / 8, kbps: 1e3 / 8, mbps: 1e6 / 8, gbps: 1e9 / 8, tbps: 1e12 / 8 };
const BYTES = new Set(['kb', 'mb', 'gb', 'tb', 'pb', 'bytes', 'byte']);
const NUMBER = /(?<![\w.,^])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s*(thousand|million|billion|trillion|bytes?|kilobits|megabits|gigabits|terabits|bits?|kbps|mbps|gbps|tbps|kb|mb|gb|tb|pb|bn|mn|mil|k|m|b|t)(?![a-z]))?/gi;
// Powers: "3.16 × 10^10", "10^12", "2^41" (one quantity each, not a chain of three).
const POWER = /(?<![\w.,^])(?:(\d+(?:\.\d+)?)\s*[×x*]\s*)?(\d+)\^(\d{1,3})(?![\d.]\d)/gi;
// "millions of writes": a magnitude without digits.
const WORDS = /\b(hundreds of thousands|tens of thousands|thousands|millions|billions)\b/gi;
const WORD_VALUE: Record<string, number> = { 'hundreds of thousands': 1e5, 'tens of thousands': 1e4, thousands: 1e3, millions: 1e6, billions: 1e9 };

export const quantitiesIn = perText(readQuantities);

function readQuantities(text: string): Quantity[] {
  const found: Quantity[] = [];
  const powers: Quantity[] = [];
  for (const match of text.matchAll(POWER)) {
    const value = Number(match[1] ?? 1) * Number(match[2]) ** Number(match[3]);
    if (Number.isFinite(value)) powers.push({ value, start: match.index, end: match.index + match[0].length, unit: 'count' });
  }
  const inPower = (at: number) => powers.some((p) => at >= p.start && at < p.end);
  for (const match of text.matchAll(NUMBER)) {
    if (inPower(match.index)) continue;
    const base = Number(match[1]!.replace(/,/g, ''));
    const written = match[2];
    const suffix = written?.toLowerCase();
    // "5 m" after a number is far more often metres or minutes in prose than millions; only
    // attached single letters ("5m", "100M") scale.
    const attached = suffix && (suffix.length > 1 || !/\s/.test(match[0].slice(match[1]!.length, match[1]!.length + 1)));
    // "900 Mb", "10 Gb": a capital prefix and a small b is bits.
    const bits = suffix && attached ? (BITS[suffix] ?? (/^[KMGTP]b$/.test(written!) ? SCALE[suffix]! / 8 : undefined)) : undefined;
    const scale = bits ?? (suffix && attached ? (SCALE[suffix] ?? 1) : 1);
    const unit = suffix && attached && (bits !== undefined || BYTES.has(suffix)) ? 'bytes' : 'count';
    const end = match.index + (attached ? match[0].length : match[1]!.length);
    found.push({ value: base * scale, start: match.index, end, unit });
  }
  found.push(...powers);
  for (const match of text.matchAll(WORDS)) {
    found.push({ value: WORD_VALUE[match[1]!.toLowerCase()]!, start: match.index, end: match.index + match[0].length, unit: 'count' });
  }
  return found.sort((a, b) => a.start - b.start);
}

/** Within a factor of `tolerance` either way. */
export function near(value: number, expected: number, tolerance = 2): boolean {
  if (expected === 0 || value === 0) return value === expected;
  const ratio = value / expected;
  return ratio <= tolerance && ratio >= 1 / tolerance;
}

/** "1,200", "100 million": two significant figures, as a person would say it back. */
// One formatter: toLocaleString builds a new one on every call, which is slow.
const EN = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });

export function roughly(value: number): string {
  for (const [scale, word] of [[1e12, 'trillion'], [1e9, 'billion'], [1e6, 'million']] as const) {
    if (Math.abs(value) >= scale) return `${EN.format(Number((value / scale).toPrecision(2)))} ${word}`;
  }
  const digits = Math.max(0, Math.floor(Math.log10(Math.abs(value) || 1)) - 1);
  const rounded = Math.round(value / 10 ** digits) * 10 ** digits;
  return EN.format(rounded);
}
