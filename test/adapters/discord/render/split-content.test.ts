import { describe, expect, it } from 'vitest';
import { splitContent, truncateContent } from '../../../../adapters/discord/render/split-content.js';
import { expectWordsInOrder, fenceCount } from './support.js';

const sentence = (i: number) => `Sentence number ${i} explains how the cache absorbs reads before the database.`;

describe('splitContent', () => {
  it('returns short text as one chunk and blank text as none', () => {
    expect(splitContent('hello')).toEqual(['hello']);
    expect(splitContent('  \n ')).toEqual([]);
  });

  it('splits a 10,000-character question under 2000 without losing a word', () => {
    const text = Array.from({ length: 130 }, (_, i) => sentence(i)).join(' ');
    expect(text.length).toBeGreaterThanOrEqual(10_000);
    const chunks = splitContent(text);
    expect(chunks.length).toBeGreaterThanOrEqual(5);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(2000);
      expect(chunk).toMatch(/^Sentence number \d+ .*\.$/s);
    }
    expectWordsInOrder(text, chunks.join(' '));
  });

  it('prefers paragraph breaks, then lines', () => {
    const paragraph = Array.from({ length: 8 }, (_, i) => sentence(i)).join(' ');
    expect(splitContent([paragraph, paragraph, paragraph, paragraph].join('\n\n'), 1500).every((c) => c.startsWith('Sentence number 0'))).toBe(true);
    const lines = Array.from({ length: 60 }, (_, i) => `- item ${i} is a list line`).join('\n');
    for (const chunk of splitContent(lines, 500)) expect(chunk).toMatch(/^- item \d+ is a list line$/m);
  });

  it('hard-cuts a single enormous word without losing characters', () => {
    const word = 'x'.repeat(4500);
    const chunks = splitContent(word);
    expect(chunks.map((c) => c.length)).toEqual([2000, 2000, 500]);
    expect(chunks.join('')).toBe(word);
  });

  it('keeps a code block whole when it can split around it', () => {
    const prose = Array.from({ length: 12 }, (_, i) => sentence(i)).join(' ');
    const code = '```ts\n' + Array.from({ length: 30 }, (_, i) => `const line${i} = compute(${i});`).join('\n') + '\n```';
    const chunks = splitContent(`${prose}\n\n${code}\n\n${prose}\n\n${prose}`);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.some((c) => c.includes(code))).toBe(true);
  });

  it('closes and reopens a code block too long for one message, keeping its language', () => {
    const code = '```sql\n' + Array.from({ length: 300 }, (_, i) => `  SELECT ${i} FROM shards;`).join('\n') + '\n```';
    const chunks = splitContent(`Intro.\n\n${code}\n\nAfter the code.`);
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(2000);
      expect(fenceCount(chunk) % 2).toBe(0);
    }
    for (const chunk of chunks.slice(1, -1)) expect(chunk.startsWith('```sql\n')).toBe(true);
    expect(chunks.at(-1)).toMatch(/After the code\.$/);
    expectWordsInOrder(code.replace(/```(sql)?/g, ''), chunks.join('\n').replace(/```(sql)?/g, ''));
  });

  it('never cuts a mention, inline code or link in half', () => {
    const unit = 'see [the design doc](https://example.com/a/very/long/path) and ask <@123456789012345678> about `shard_key` ';
    for (const chunk of splitContent(unit.repeat(60), 500)) {
      expect(chunk.split('<').length).toBe(chunk.split('>').length);
      expect(chunk.split('`').length % 2).toBe(1);
      expect(chunk.split('[').length).toBe(chunk.split('](').length);
    }
  });

  it('never returns an empty chunk and does not split an emoji', () => {
    const text = ('word '.repeat(500) + '\n\n\n\n').repeat(5);
    expect(splitContent(text, 1000).every((c) => c.trim().length > 0)).toBe(true);
    const emoji = '😀'.repeat(1500);
    const chunks = splitContent(emoji);
    expect(chunks.join('')).toBe(emoji);
    for (const chunk of chunks) expect(chunk).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
  });
});

describe('truncateContent', () => {
  it('cuts at a word and marks the cut', () => {
    expect(truncateContent('the quick brown fox jumps', 12)).toBe('the quick…');
    expect(truncateContent('  short  ', 12)).toBe('short');
  });

  it('closes a code block it cuts into', () => {
    const out = truncateContent('Look:\n```\n' + 'let x = 1;\n'.repeat(50) + '```', 100);
    expect(out.length).toBeLessThanOrEqual(100);
    expect(fenceCount(out) % 2).toBe(0);
  });
});
