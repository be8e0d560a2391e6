import { quantitiesIn } from './numbers.js';

/** What one machine of a kind sustains, roughly (order of magnitude is all that is judged). */
interface Capacity {
  pattern: RegExp;
  label: string;
  /** Operations per second one node handles comfortably. */
  perSecond: number;
}

const CAPACITIES: Capacity[] = [
  { pattern: /\b(mysql|postgres(?:ql)?|relational (?:database|db)|sql (?:database|server|db)|rdbms|oracle)\b/i, label: 'one relational database server', perSecond: 20_000 },
  { pattern: /\b(redis|memcached)\b/i, label: 'one Redis or Memcached node', perSecond: 200_000 },
  { pattern: /\b(web|app|application|api) server\b/i, label: 'one application server', perSecond: 20_000 },
  { pattern: /\b(cassandra|dynamo\w*|mongo\w*) (?:node|server|instance)\b/i, label: 'one NoSQL node', perSecond: 50_000 },
];

export interface CapacityClaim {
  label: string;
  claimed: number;
  typical: number;
  /** Over: more than one node sustains; under: ten times less than one does. */
  direction: 'over' | 'under';
  sentence: string;
}

const ONE = /\b(a single|one|single|a)\b/i;
const PER_SECOND = /(per second|a second|\/s\b|\bqps\b|\brps\b|writes per|reads per|ops)/i;

// "100 writes per second per connection" is not a claim about the whole node.
const PER_PART = /\bper (connection|thread|core|client|user|partition|key|shard)\b/i;

/**
 * "A single MySQL server handles millions of writes per second", "a single Redis node handles
 * about 100 ops/s": a claim off by 10x or more, either way.
 */
export function capacityClaims(sentences: readonly string[]): CapacityClaim[] {
  const claims: CapacityClaim[] = [];
  for (const sentence of sentences) {
    if (!ONE.test(sentence) || !PER_SECOND.test(sentence) || !/\b(handle|handles|do|does|take|takes|serve|serves|sustain|manage|support|supports|can)\b/i.test(sentence)) continue;
    const capacity = CAPACITIES.find((c) => c.pattern.test(sentence));
    if (!capacity) continue;
    const claimed = Math.max(0, ...quantitiesIn(sentence).filter((q) => q.unit === 'count').map((q) => q.value));
    if (claimed >= capacity.perSecond * 10) claims.push({ label: capacity.label, claimed, typical: capacity.perSecond, direction: 'over', sentence });
    else if (claimed > 0 && claimed * 10 <= capacity.perSecond && !PER_PART.test(sentence)) claims.push({ label: capacity.label, claimed, typical: capacity.perSecond, direction: 'under', sentence });
  }
  return claims;
}
