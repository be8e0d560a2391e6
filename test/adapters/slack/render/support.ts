import type { KnownBlock } from '@slack/types';
import { expect } from 'vitest';
import type { SlackMessage } from '../../../../adapters/slack/render/blocks.js';
import type { DimensionScore, EvaluationReport, SessionSummary } from '../../../../src/domain/types.js';
import { RUBRIC } from '../../../../src/evaluation/rubric/rubric.js';

const AT = new Date('2024-05-01T10:00:00Z');

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

/** Every text a reader sees in the blocks, in order. */
export function blockTexts(blocks: KnownBlock[]): string[] {
  return blocks.flatMap((block) => {
    if (block.type === 'header') return [block.text.text];
    if (block.type === 'section') return [...(block.text ? [block.text.text] : []), ...(block.fields ?? []).map((f) => f.text)];
    if (block.type === 'context') return block.elements.map((e) => ('text' in e ? e.text : ''));
    return [];
  });
}

export function allText(messages: SlackMessage[]): string {
  return messages.flatMap((m) => blockTexts(m.blocks)).join('\n');
}

/** Slack's documented limits; a message breaking any of them is rejected with invalid_blocks. */
export function expectWithinSlackLimits(messages: SlackMessage[]): void {
  expect(messages.length).toBeGreaterThan(0);
  for (const message of messages) {
    expect(message.text.trim().length).toBeGreaterThan(0);
    expect(message.text.length).toBeLessThanOrEqual(3000);
    expect(message.blocks.length).toBeGreaterThan(0);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    for (const block of message.blocks) {
      if (block.type === 'section') {
        expect(block.text || block.fields).toBeTruthy();
        if (block.text) expect(block.text.text.length).toBeLessThanOrEqual(3000);
        if (block.text) expect(block.text.text.trim().length).toBeGreaterThan(0);
        for (const field of block.fields ?? []) expect(field.text.length).toBeLessThanOrEqual(2000);
        expect((block.fields ?? []).length).toBeLessThanOrEqual(10);
      }
      if (block.type === 'header') expect(block.text.text.length).toBeLessThanOrEqual(150);
      if (block.type === 'context') {
        expect(block.elements.length).toBeLessThanOrEqual(10);
        for (const e of block.elements) if ('text' in e) expect(e.text.length).toBeLessThanOrEqual(3000);
      }
      if (block.type === 'actions') {
        expect(block.elements.length).toBeLessThanOrEqual(25);
        const ids = block.elements.map((e) => ('action_id' in e ? e.action_id : undefined));
        expect(new Set(ids).size).toBe(ids.length);
      }
    }
  }
}

/** True when every word of `original` appears in `rendered`, in the same order. */
export function expectWordsInOrder(original: string, rendered: string): void {
  let from = 0;
  for (const word of original.split(/\s+/).filter(Boolean)) {
    const at = rendered.indexOf(word, from);
    expect(at, `"${word}" after offset ${from}`).toBeGreaterThanOrEqual(0);
    from = at + word.length;
  }
}
