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
const BYTES = new Set(['kb', 'mb', 'gb', 'tb', 'pb', 'bytes', 'byte']);
const NUMBER = /(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s*(thousand|million|billion|trillion|bytes?|kb|mb|gb|tb|pb|bn|mn|mil|k|m|b|t)(?![a-z]))?/gi;
// "millions of writes": a magnitude without digits.
const WORDS = /\b(hundreds of thousands|tens of thousands|thousands|millions|billions)\b/gi;
const WORD_VALUE: Record<string, number> = { 'hundreds of thousands': 1e5, 'tens of thousands': 1e4, thousands: 1e3, millions: 1e6, billions: 1e9 };

export function quantitiesIn(text: string): Quantity[] {
  const found: Quantity[] = [];
  for (const match of text.matchAll(NUMBER)) {
    const base = Number(match[1]!.replace(/,/g, ''));
    const suffix = match[2]?.toLowerCase();
    // "5 m" after a number is far more often metres or minutes in prose than millions; only
    // attached single letters ("5m", "100M") scale.
    const attached = suffix && (suffix.length > 1 || !/\s/.test(match[0].slice(match[1]!.length, match[1]!.length + 1)));
    const scale = suffix && attached ? (SCALE[suffix] ?? 1) : 1;
    const unit = suffix && attached && BYTES.has(suffix) ? 'bytes' : 'count';
    const end = match.index + (attached ? match[0].length : match[1]!.length);
    found.push({ value: base * scale, start: match.index, end, unit });
  }
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
export function roughly(value: number): string {
  for (const [scale, word] of [[1e12, 'trillion'], [1e9, 'billion'], [1e6, 'million']] as const) {
    if (Math.abs(value) >= scale) return `${Number((value / scale).toPrecision(2)).toLocaleString('en-US')} ${word}`;
  }
  const digits = Math.max(0, Math.floor(Math.log10(Math.abs(value) || 1)) - 1);
  const rounded = Math.round(value / 10 ** digits) * 10 ** digits;
  return rounded.toLocaleString('en-US');
}
