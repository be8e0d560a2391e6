import { describe, expect, it } from 'vitest';
import { escapeMrkdwn, toMrkdwn, toPlainText } from '../../../../adapters/slack/render/mrkdwn.js';

describe('toMrkdwn', () => {
  it.each([
    ['**bold**', '*bold*'],
    ['*italic*', '_italic_'],
    ['_italic_', '_italic_'],
    ['__bold__', '*bold*'],
    ['***both***', '*_both_*'],
    ['~~gone~~', '~gone~'],
    ['use `a*b*c` here', 'use `a*b*c` here'],
    ['[the docs](https://example.com/a?b=1&c=2)', '<https://example.com/a?b=1&amp;c=2|the docs>'],
    ['- one\n- two\n  - nested', '• one\n• two\n  • nested'],
    ['* star item', '• star item'],
    ['## Deep dive', '*Deep dive*'],
    ['> a quote', '> a quote'],
    ['1. first\n2. second', '1. first\n2. second'],
    ['**see `code` inside**', '*see `code` inside*'],
  ])('%j becomes %j', (markdown, expected) => {
    expect(toMrkdwn(markdown)).toBe(expected);
  });

  it('leaves snake_case and arithmetic alone', () => {
    expect(toMrkdwn('user_id_index and 2*3*4')).toBe('user_id_index and 2*3*4');
  });

  it('keeps fenced code verbatim, drops the language tag and escapes it', () => {
    const markdown = 'Consider:\n```ts\nif (a < b && **c**) {}\n```\nThen **go**.';
    expect(toMrkdwn(markdown)).toBe('Consider:\n```\nif (a &lt; b &amp;&amp; **c**) {}\n```\nThen *go*.');
  });

  it('escapes HTML-like text and mentions alike', () => {
    expect(toMrkdwn('<script>alert("x")</script> for <@U123ABC> in <#C42|general>')).toBe(
      '&lt;script&gt;alert("x")&lt;/script&gt; for &lt;@U123ABC&gt; in &lt;#C42|general&gt;',
    );
  });

  it('does not let text broadcast to a channel', () => {
    expect(toMrkdwn('hey <!channel> and <!here>')).toBe('hey &lt;!channel&gt; and &lt;!here&gt;');
  });

  it('escapes ampersands once, including inside code', () => {
    expect(toMrkdwn('R&D uses `a && b`')).toBe('R&amp;D uses `a &amp;&amp; b`');
  });

  it('does not link unsafe schemes', () => {
    expect(toMrkdwn('[click](javascript:alert(1))')).not.toContain('<javascript');
  });

  it('keeps a link whose label is code', () => {
    expect(toMrkdwn('[`GET /urls`](https://api.example.com)')).toBe('<https://api.example.com|`GET /urls`>');
  });
});

describe('escaping', () => {
  it('escapeMrkdwn escapes everything, mentions included', () => {
    expect(escapeMrkdwn('<@U1> & <b>')).toBe('&lt;@U1&gt; &amp; &lt;b&gt;');
  });

  it('never leaves a mention live: the bot does not mean to ping anyone, whoever wrote the text', () => {
    for (const text of ['<@U123> please look', 'ping <!here> and <!channel>', '<#C123|general>', '<!subteam^S1>']) {
      expect(toMrkdwn(text)).not.toMatch(/<[@!#]/);
      expect(toPlainText(text)).not.toMatch(/<[@!#]/);
    }
    expect(toMrkdwn('<@U123> <script>')).toBe('&lt;@U123&gt; &lt;script&gt;');
  });
});

describe('toPlainText', () => {
  it('strips formatting for notifications', () => {
    expect(toPlainText('**Bold** and `code` and [docs](https://x.io) <b>')).toBe('Bold and code and docs (https://x.io) &lt;b&gt;');
  });
});
