import { expect } from 'vitest';
import type { OutboundMessage } from '../../src/chat/outbound-message.js';
import { historyMessage } from '../../src/chat/views.js';
import type { DimensionScore, EvaluationReport, SessionSummary } from '../../src/domain/types.js';
import { RUBRIC } from '../../src/evaluation/rubric/rubric.js';
import { encodeCursor } from '../../src/storage/history-cursor.js';

// Evaluation and history fixtures shared by the Slack and Discord renderer tests.

export const AT = new Date('2024-05-01T10:00:00Z');

const EVIDENCE: Record<string, { score: number; evidence: string[]; comment: string }> = {
  requirements: { score: 3, evidence: ['Do we need custom aliases, and how long do links live?'], comment: 'Clarified **core features** and the read-heavy traffic.' },
  estimation: { score: 2, evidence: ['Maybe a few thousand writes a second?'], comment: 'Rough numbers that were not used later.' },
  'api-data-model': { score: 3, evidence: ['POST /urls returns 201 with the short code'], comment: 'A clear API; the schema keyed by `short_code`.' },
  'high-level-design': { score: 3, evidence: ['Reads go through a cache in front of the key-value store'], comment: 'Sound architecture with a cache layer.' },
  'deep-dive-scalability': { score: 2, evidence: ['We could shard by the hash of the code'], comment: 'Some depth on sharding, little on hot keys.' },
  'tradeoffs-reliability': { score: 3, evidence: ['Counters can be eventually consistent, redirects cannot fail'], comment: 'Named the consistency trade-off explicitly.' },
  communication: { score: 4, evidence: ['Let me summarise before we go deeper'], comment: 'Structured and easy to follow.' },
};

/** A completed report over the 7 rubric dimensions, as the evaluator produces it. */
export function completedReport(overrides: Partial<EvaluationReport> = {}): EvaluationReport {
  const dimensions: DimensionScore[] = RUBRIC.dimensions.map((d) => ({ dimension: d.id, weight: d.weight, ...(EVIDENCE[d.id] ?? { score: 2, evidence: [], comment: '' }) }));
  return {
    sessionId: 'sess-1',
    status: 'completed',
    overallScore: 72,
    band: 'hire',
    dimensions,
    strengths: ['Asked about scale before drawing boxes', 'Clear **API** design'],
    improvements: ['Quantify the read/write ratio', 'Discuss hot keys in the cache'],
    summary: 'A solid interview: good scoping and a sound design, with room for more depth.',
    error: null,
    createdAt: AT,
    updatedAt: AT,
    ...overrides,
  };
}

export function summary(index: number, overrides: Partial<SessionSummary> = {}): SessionSummary {
  const created = new Date(Date.UTC(2024, 0, 1) + index * 86_400_000);
  return { id: `sess-${index}`, topic: `Topic number ${index}`, status: 'completed', createdAt: created, startedAt: created, endedAt: created, activeDurationMs: 45 * 60_000, overallScore: 50 + (index % 50), ...overrides };
}

/** A history page as the router builds it deep in a long history: Older and Newer carry the longest values there are (a six-digit page and a cursor). */
export function deepHistoryMessage(): Extract<OutboundMessage, { kind: 'history' }> {
  const cursor = (direction: 'older' | 'newer') => encodeCursor({ createdAt: new Date('2099-12-31T23:59:59.999Z'), id: 'ffffffff-ffff-ffff-ffff-ffffffffffff', direction });
  return historyMessage('Ada Lovelace', 999_998, { items: [summary(0)], nextCursor: cursor('older'), prevCursor: cursor('newer') }) as Extract<OutboundMessage, { kind: 'history' }>;
}

/** Every word of `original` appears in `rendered`, in the same order (nothing lost in a split). */
export function expectWordsInOrder(original: string, rendered: string): void {
  let from = 0;
  for (const word of original.split(/\s+/).filter(Boolean)) {
    const at = rendered.indexOf(word, from);
    expect(at, `"${word}" after offset ${from}`).toBeGreaterThanOrEqual(0);
    from = at + word.length;
  }
}
