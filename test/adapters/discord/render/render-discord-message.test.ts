import { describe, expect, it } from 'vitest';
import { renderDiscordMessage } from '../../../../adapters/discord/render/render-discord-message.js';
import { allText, assertAllWithinDiscordLimits, expectWordsInOrder, fenceCount } from './support.js';

const question = 'Let us start with **requirements**. What are the core features of the URL shortener, and which non-functional requirements matter most?';

describe('renderDiscordMessage', () => {
  it('sends a question as plain content', () => {
    expect(renderDiscordMessage({ kind: 'question', text: question })).toEqual([{ content: question }]);
  });

  it('splits a 10,000-character question under 2000 a message without losing a word', () => {
    const words = Array.from({ length: 1400 }, (_, i) => `w${i}`);
    const paragraphs = Array.from({ length: 14 }, (_, p) => `${words.slice(p * 100, p * 100 + 100).join(' ')}.`);
    const text = paragraphs.join(' ').padEnd(10_000, ' tail');
    expect(text.length).toBeGreaterThanOrEqual(10_000);
    const payloads = renderDiscordMessage({ kind: 'question', text });
    assertAllWithinDiscordLimits(payloads);
    expect(payloads.length).toBeGreaterThanOrEqual(5);
    expect(payloads.every((p) => p.embeds === undefined && p.components === undefined)).toBe(true);
    expectWordsInOrder(text, payloads.map((p) => p.content).join(' '));
  });

  it('keeps code fences balanced in every message of a long answer', () => {
    const code = '```ts\n' + Array.from({ length: 250 }, (_, i) => `cache.set("key-${i}", await db.get(${i}));`).join('\n') + '\n```';
    const payloads = renderDiscordMessage({ kind: 'text', text: `Here is the read path:\n\n${code}\n\nThat is all.` });
    assertAllWithinDiscordLimits(payloads);
    for (const payload of payloads) expect(fenceCount(payload.content ?? '') % 2).toBe(0);
    expect(allText(payloads)).toContain('key-249');
  });

  it('defuses @everyone and @here but keeps user and channel mentions', () => {
    const [payload] = renderDiscordMessage({ kind: 'text', text: '@everyone look, @here too: <@123> answered in <#456>' });
    expect(payload?.content).not.toMatch(/@everyone|@here/);
    expect(payload?.content).toContain('<@123>');
    expect(payload?.content).toContain('<#456>');
  });

  it('renders help as markdown', () => {
    const help = '**Commands**\n- `/interview start <topic>`\n- `/interview end`';
    expect(renderDiscordMessage({ kind: 'help', text: help })).toEqual([{ content: help }]);
  });

  it.each([
    ['info', 'ℹ️'],
    ['warning', '⚠️'],
    ['error', '❌'],
  ] as const)('prefixes a %s notice with %s', (tone, emoji) => {
    expect(renderDiscordMessage({ kind: 'notice', text: 'Five minutes left.', tone })).toEqual([{ content: `${emoji} Five minutes left.` }]);
  });

  it('links a notice to its thread', () => {
    const [payload] = renderDiscordMessage({ kind: 'notice', text: 'Your interview has started.', tone: 'info', threadId: '1234567890123456789' });
    expect(payload?.content).toBe('ℹ️ Your interview has started. <#1234567890123456789>');
  });

  it('keeps the thread link whole at the end of a long notice', () => {
    const payloads = renderDiscordMessage({ kind: 'notice', text: 'Word '.repeat(700), tone: 'warning', threadId: '987654321' });
    assertAllWithinDiscordLimits(payloads);
    expect(payloads.at(-1)?.content?.endsWith('<#987654321>')).toBe(true);
  });

  it('lists topics in an embed with their ids in code', () => {
    const payloads = renderDiscordMessage({
      kind: 'topics',
      topics: [
        { id: 'url-shortener', name: 'URL shortener' },
        { id: 'chat', name: 'Chat *and* presence' },
      ],
    });
    assertAllWithinDiscordLimits(payloads);
    expect(payloads[0]?.embeds?.[0]).toMatchObject({ title: 'Topics', description: '• URL shortener `url-shortener`\n• Chat \\*and\\* presence `chat`' });
  });

  it('says so when there are no topics, and splits hundreds of them', () => {
    expect(allText(renderDiscordMessage({ kind: 'topics', topics: [] }))).toContain('No topics are available');
    const topics = Array.from({ length: 400 }, (_, i) => ({ id: `topic-${i}`, name: `A fairly long topic name number ${i}` }));
    const payloads = renderDiscordMessage({ kind: 'topics', topics });
    assertAllWithinDiscordLimits(payloads);
    expect(allText(payloads)).toContain('`topic-399`');
  });

  it('always produces a visible message, even for empty text', () => {
    assertAllWithinDiscordLimits(renderDiscordMessage({ kind: 'text', text: '   ' }));
  });
});
