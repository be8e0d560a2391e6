import { describe, expect, it } from 'vitest';
import { splitText, truncateText } from '../../../../adapters/slack/render/split-text.js';
import { expectWordsInOrder } from './support.js';

const sentence = (i: number) => `Sentence number ${i} explains how the cache absorbs reads before the database.`;

describe('splitText', () => {
  it('returns short text as one chunk and blank text as none', () => {
    expect(splitText('hello')).toEqual(['hello']);
    expect(splitText('  \n ')).toEqual([]);
  });

  it('prefers paragraph breaks', () => {
    const paragraph = Array.from({ length: 10 }, (_, i) => sentence(i)).join(' ');
    const text = [paragraph, paragraph, paragraph, paragraph].join('\n\n');
    const chunks = splitText(text, 2000);
    expect(chunks.every((c) => c.length <= 2000)).toBe(true);
    expect(chunks.every((c) => c.startsWith('Sentence number 0'))).toBe(true);
  });

  it('falls back to sentences when a paragraph is too long', () => {
    const text = Array.from({ length: 200 }, (_, i) => sentence(i)).join(' ');
    const chunks = splitText(text, 3000);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(3000);
      expect(chunk).toMatch(/\.$/);
    }
    expectWordsInOrder(text, chunks.join(' '));
  });

  it('hard-cuts a single enormous word without losing characters', () => {
    const word = 'x'.repeat(7000);
    const chunks = splitText(word, 3000);
    expect(chunks.map((c) => c.length)).toEqual([3000, 3000, 1000]);
    expect(chunks.join('')).toBe(word);
  });

  it('does not split inside a code fence when it can split around it', () => {
    const prose = Array.from({ length: 20 }, (_, i) => sentence(i)).join(' ');
    const code = '```\n' + Array.from({ length: 30 }, (_, i) => `line ${i} = compute(${i})`).join('\n') + '\n```';
    const chunks = splitText(`${prose}\n\n${code}\n\n${prose}`, 2000);
    expect(chunks.some((c) => c === code)).toBe(true);
  });

  it('closes and reopens a fence that is itself too long', () => {
    const code = '```\n' + Array.from({ length: 400 }, (_, i) => `  row ${i}: value`).join('\n') + '\n```';
    const chunks = splitText(code, 3000);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(3000);
      expect(chunk.startsWith('```\n')).toBe(true);
      expect(chunk.endsWith('\n```')).toBe(true);
    }
    expect(chunks.join('\n')).toContain('  row 399: value');
    expectWordsInOrder(code.replace(/```/g, ''), chunks.join('\n'));
  });

  it('never cuts a link, mention or entity in half', () => {
    const unit = 'see <https://example.com/a/very/long/path|the design doc> &amp; ask <@U12345> ';
    const chunks = splitText(unit.repeat(100), 500);
    for (const chunk of chunks) {
      expect(chunk.split('<').length).toBe(chunk.split('>').length);
      expect(chunk).not.toMatch(/&[a-z]*$/);
    }
  });

  it('never returns an empty chunk', () => {
    const text = ('word '.repeat(700) + '\n\n\n\n').repeat(5);
    expect(splitText(text, 1000).every((c) => c.trim().length > 0)).toBe(true);
  });
});

describe('truncateText', () => {
  it('cuts at a word and marks the cut', () => {
    expect(truncateText('the quick brown fox jumps', 12)).toBe('the quick…');
    expect(truncateText('short', 12)).toBe('short');
  });
});
