import type { KnownBlock } from '@slack/types';
import { expect } from 'vitest';
import type { SlackMessage } from '../../../../adapters/slack/render/blocks.js';
export { AT, completedReport, expectWordsInOrder, summary } from '../../../support/render-fixtures.js';

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

