import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { sections } from '../../../../adapters/slack/render/blocks.js';
import { packMessages } from '../../../../adapters/slack/render/pack-messages.js';

const rows = (n: number, tag: string): KnownBlock[] => Array.from({ length: n }, (_, i) => sections(`${tag} ${i}`)).flat();

describe('packMessages', () => {
  it('keeps everything in one message when it fits', () => {
    const messages = packMessages([rows(20, 'a'), rows(30, 'b')], 'Summary');
    expect(messages).toEqual([{ text: 'Summary', blocks: [...rows(20, 'a'), ...rows(30, 'b')] }]);
  });

  it('starts a new message rather than splitting a group', () => {
    const messages = packMessages([rows(30, 'a'), rows(30, 'b')], 'Summary');
    expect(messages.map((m) => m.blocks.length)).toEqual([30, 30]);
    expect(messages[1]?.text).toContain('b 0');
  });

  it('splits a group that alone exceeds a message', () => {
    const messages = packMessages([rows(120, 'a')], 'Summary');
    expect(messages.map((m) => m.blocks.length)).toEqual([50, 50, 20]);
    expect(messages[0]?.text).toBe('Summary');
  });

  it('caps the fallback text at 3000 characters', () => {
    const [message] = packMessages([rows(1, 'a')], 'word '.repeat(2000));
    expect(message?.text.length).toBeLessThanOrEqual(3000);
    expect(message?.text.endsWith('…')).toBe(true);
  });
});
