import type { SectionBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { renderSlackMessage } from '../../../../adapters/slack/render/render-slack-message.js';
import { allText, expectWithinSlackLimits, expectWordsInOrder } from './support.js';

const question =
  'Let us start with **requirements**. What are the core features of the URL shortener, and which non-functional requirements matter most?';

describe('renderSlackMessage', () => {
  it('renders a question as mrkdwn with the question as its fallback', () => {
    const [message, ...rest] = renderSlackMessage({ kind: 'question', text: question });
    expect(rest).toEqual([]);
    expect(message?.blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: question.replace('**requirements**', '*requirements*') } }]);
    expect(message?.text).toBe(question.replace('**requirements**', 'requirements'));
  });

  it('splits a 10,000-character question under the limits without losing a word', () => {
    const words = Array.from({ length: 1400 }, (_, i) => `w${i}`);
    const paragraphs = Array.from({ length: 14 }, (_, p) => `${words.slice(p * 100, p * 100 + 100).join(' ')}.`);
    const text = paragraphs.join(' ').padEnd(10_000, ' tail');
    const messages = renderSlackMessage({ kind: 'question', text });
    expect(text.length).toBeGreaterThanOrEqual(10_000);
    expectWithinSlackLimits(messages);
    const sectionsOut = messages.flatMap((m) => m.blocks) as SectionBlock[];
    expect(sectionsOut.length).toBeGreaterThan(3);
    expectWordsInOrder(text, allText(messages));
  });

  it('splits text longer than 50 sections into several messages', () => {
    const text = Array.from({ length: 60 }, (_, i) => `Paragraph ${i}. ${'The load balancer spreads requests across stateless app servers. '.repeat(45)}`).join('\n\n');
    const messages = renderSlackMessage({ kind: 'text', text });
    expect(messages.length).toBeGreaterThan(1);
    expectWithinSlackLimits(messages);
    expectWordsInOrder(text, allText(messages));
  });

  it('renders help as mrkdwn', () => {
    const [message] = renderSlackMessage({ kind: 'help', text: '**Commands**\n- `/interview start <topic>`\n- `/interview end`' });
    expect(allText([message!])).toBe('*Commands*\n• `/interview start &lt;topic&gt;`\n• `/interview end`');
  });

  it.each([
    ['info', 'ℹ️'],
    ['warning', '⚠️'],
    ['error', '❌'],
  ] as const)('prefixes a %s notice with %s', (tone, emoji) => {
    const [message] = renderSlackMessage({ kind: 'notice', text: 'Five minutes left.', tone });
    expect(allText([message!])).toBe(`${emoji} Five minutes left.`);
    expect(message?.text).toBe(`${emoji} Five minutes left.`);
  });

  it('escapes a script tag and a mention the interviewer (an LLM) wrote: the bot pings no one', () => {
    const [message] = renderSlackMessage({ kind: 'question', text: '<@U123> wrote <script>alert(1)</script> <!here>' });
    expect(allText([message!])).toBe('&lt;@U123&gt; wrote &lt;script&gt;alert(1)&lt;/script&gt; &lt;!here&gt;');
    expect(message?.text).toBe('&lt;@U123&gt; wrote &lt;script&gt;alert(1)&lt;/script&gt; &lt;!here&gt;');
  });

  it('lists topics with their ids in code', () => {
    const [message] = renderSlackMessage({
      kind: 'topics',
      topics: [
        { id: 'url-shortener', name: 'URL shortener' },
        { id: 'chat', name: 'Chat & presence' },
      ],
    });
    expect(allText([message!])).toBe('*Topics*\n• URL shortener `url-shortener`\n• Chat &amp; presence `chat`');
    expect(message?.text).toBe('Topics: URL shortener, Chat &amp; presence');
  });

  it('always produces a visible block and fallback, even for empty text', () => {
    const messages = renderSlackMessage({ kind: 'text', text: '   ' });
    expectWithinSlackLimits(messages);
  });
});
