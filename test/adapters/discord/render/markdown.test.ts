import { describe, expect, it } from 'vitest';
import { defuseMentions, escapeMarkdown, toDiscordMarkdown } from '../../../../adapters/discord/render/markdown.js';

describe('toDiscordMarkdown', () => {
  it.each([
    ['**bold**', '**bold**'],
    ['*italic*', '*italic*'],
    ['__bold__', '**bold**'],
    ['`code`', '`code`'],
    ['- one\n- two', '- one\n- two'],
    ['[the docs](https://example.com)', '[the docs](https://example.com)'],
    ['## Deep dive', '## Deep dive'],
    ['#### Small heading', '**Small heading**'],
  ])('%j becomes %j', (markdown, expected) => {
    expect(toDiscordMarkdown(markdown)).toBe(expected);
  });

  it('leaves snake_case and code alone', () => {
    expect(toDiscordMarkdown('user_id_index and `__init__`')).toBe('user_id_index and `__init__`');
    expect(toDiscordMarkdown('```py\ndef __init__(self): pass\n```')).toBe('```py\ndef __init__(self): pass\n```');
  });

  it('defuses @everyone and @here but keeps user and channel mentions', () => {
    const out = toDiscordMarkdown('Hey @everyone and @here, ask <@123> in <#456>');
    expect(out).not.toMatch(/@everyone|@here/);
    expect(out).toContain('@\u200beveryone');
    expect(out).toContain('<@123>');
    expect(out).toContain('<#456>');
  });

  it('defuses mass mentions even inside code', () => {
    expect(toDiscordMarkdown('`@everyone`')).toBe('`@\u200beveryone`');
  });
});

describe('defuseMentions', () => {
  it('breaks role mentions and is case-insensitive', () => {
    expect(defuseMentions('<@&42> @Everyone <@!7>')).toBe('<@\u200b&42> @\u200bEveryone <@!7>');
  });
});

describe('escapeMarkdown', () => {
  it('shows text verbatim', () => {
    expect(escapeMarkdown('a *b* _c_ `d` ~~e~~ |f| [g]')).toBe('a \\*b\\* \\_c\\_ \\`d\\` \\~\\~e\\~\\~ \\|f\\| \\[g\\]');
    expect(escapeMarkdown('> not a quote\n# not a heading\n- not a list')).toBe('\\> not a quote\n\\# not a heading\n\\- not a list');
  });

  it('still defuses mass mentions and keeps user mentions', () => {
    expect(escapeMarkdown('@here <@123>')).toBe('@\u200bhere <@123>');
  });
});
