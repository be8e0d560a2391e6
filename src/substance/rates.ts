import type { Quantity } from './numbers.js';
import { quantitiesIn } from './numbers.js';
import { perText } from './per-text.js';

// A quantity's period, read from the words right after it: "100M new links a day", "1,200 QPS".
export type Period = 'millisecond' | 'second' | 'minute' | 'hour' | 'day' | 'month' | 'year';

export const SECONDS: Record<Period, number> = { millisecond: 0.001, second: 1, minute: 60, hour: 3_600, day: 86_400, month: 2_592_000, year: 31_536_000 };

export interface Rate extends Quantity {
  period: Period;
  perSecond: number;
  /** What is counted, when the words say: writes (creations, uploads) or reads (views, lookups). */
  side: 'write' | 'read' | 'other';
}

const PERIOD = /^(?![:x×]|\s*(?:to|:)\s*1\b)[^.;,!?\d]{0,40}?(?:\b(?:per|a|an|each|every)\s+|\/\s*)(millisecond|ms|second|sec|s|minute|min|hour|hr|day|month|mo|year|yr)\b|^\s*(?:[a-z]+\s+){0,2}(qps|rps|tps|ops\/s|daily|monthly|hourly)\b/i;
const PERIOD_OF: Record<string, Period> = {
  millisecond: 'millisecond', ms: 'millisecond', second: 'second', sec: 'second', s: 'second', qps: 'second', rps: 'second', tps: 'second', 'ops/s': 'second',
  minute: 'minute', min: 'minute', hour: 'hour', hr: 'hour', hourly: 'hour', day: 'day', daily: 'day', month: 'month', mo: 'month', monthly: 'month', year: 'year', yr: 'year',
};
const WRITE = /\b(writes?|creat\w*|new|inserts?|uploads?|posts?|shortens?|sends?|sent|payments?|orders?|rides?|requests? to create)\b/i;
const READ = /\b(reads?|redirects?|views?|lookups?|gets?|clicks?|fetch\w*|queries|searches|downloads?|streams?|deliver\w*)\b/i;

/** Quantities with a period ("per day", "/s", "QPS"), normalized to per second. */
export const ratesIn = perText(readRates);

function readRates(text: string): Rate[] {
  const rates: Rate[] = [];
  for (const q of quantitiesIn(text)) {
    if (q.unit !== 'count') continue;
    const after = text.slice(q.end, q.end + 60);
    const match = PERIOD.exec(after);
    if (!match) continue;
    const period = PERIOD_OF[(match[1] ?? match[2])!.toLowerCase()]!;
    const words = after.slice(0, match.index + match[0].length);
    const side = WRITE.test(words) ? 'write' : READ.test(words) ? 'read' : 'other';
    rates.push({ ...q, period, perSecond: q.value / SECONDS[period], side });
  }
  return rates;
}

const FRACTION: Record<string, number> = { half: 1 / 2, 'a third': 1 / 3, 'a quarter': 1 / 4, 'a fifth': 1 / 5, 'a tenth': 1 / 10, 'one tenth': 1 / 10, 'a hundredth': 1 / 100 };

/** Ratios the text states: "100:1", "100 to 1", "100x more reads", "10x peaks", "a tenth as many". */
export function ratiosIn(text: string): number[] {
  const ratios = [...text.matchAll(/\b(\d+(?:\.\d+)?)\s*(?::|to)\s*1\b|\b(\d+(?:\.\d+)?)\s*(?:x|×|times)\s+(?:[a-z]+\s+)?(?:more|as many|as much|peaks?|higher|bursts?)\b/gi)].map((m) => Number(m[1] ?? m[2]));
  const fractions = [...text.matchAll(/\b(half|a third|a quarter|a fifth|a tenth|one tenth|a hundredth)\s+as (?:many|much)\b/gi)].map((m) => FRACTION[m[1]!.toLowerCase()]!);
  return [...ratios.filter((r) => r > 1), ...fractions];
}
