import { describe, expect, it } from 'vitest';
import { CONSOLE_HELP_TEXT, HELP_TEXT, helpText, parseCommand } from '../../src/chat/command-grammar.js';

const ID = '0b6c3f0e-7d1a-4f55-9a7e-3c2b1a0f9e8d';

describe('parseCommand', () => {
  it.each([
    ['start', { name: 'start', topic: null, minutes: null, template: null }],
    ['start url shortener', { name: 'start', topic: 'url shortener', minutes: null, template: null }],
    ['start url shortener 30', { name: 'start', topic: 'url shortener', minutes: 30, template: null }],
    ['start url shortener 30 quick', { name: 'start', topic: 'url shortener', minutes: 30, template: 'quick' }],
    ['start url shortener 45 min deep dive', { name: 'start', topic: 'url shortener', minutes: 45, template: 'deep-dive' }],
    ['start url shortener staff', { name: 'start', topic: 'url shortener', minutes: null, template: 'deep-dive' }],
    ['start chat system 60min deep-dive', { name: 'start', topic: 'chat system', minutes: 60, template: 'deep-dive' }],
    ['start quick rate limiter', { name: 'start', topic: 'rate limiter', minutes: null, template: 'quick' }],
    ['start quick rate limiter 20', { name: 'start', topic: 'rate limiter', minutes: 20, template: 'quick' }],
    ['start 5', { name: 'start', topic: null, minutes: 5, template: null }],
    ['start s3 clone 180', { name: 'start', topic: 's3 clone', minutes: 180, template: null }],
    ['start constructor toString', { name: 'start', topic: 'constructor toString', minutes: null, template: null }],
    ['  PAUSE ', { name: 'pause' }],
    ['resume', { name: 'resume' }],
    ['end', { name: 'end' }],
    ['status', { name: 'status' }],
    ['topics', { name: 'topics' }],
    ['retry-evaluation', { name: 'retry-evaluation' }],
    ['redeliver', { name: 'redeliver' }],
    ['history', { name: 'history', page: 1 }],
    ['history 3', { name: 'history', page: 3 }],
    ['history 999999', { name: 'history', page: 999_999 }],
    ['show', { name: 'show', ref: { position: 1 } }],
    ['show 2', { name: 'show', ref: { position: 2 } }],
    [`show ${ID.toUpperCase()}`, { name: 'show', ref: { sessionId: ID } }],
    ['', { name: 'help', problem: null }],
    ['help', { name: 'help', problem: null }],
  ])('%j', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });

  it.each([
    ['dance', "I don't know `dance`."],
    ['start url shortener 500', 'An interview lasts 5 to 180 minutes; you asked for 500.'],
    ['pause now', '`pause` takes no arguments.'],
  ])('answers %j with help and the reason', (text, problem) => {
    expect(parseCommand(text)).toEqual({ name: 'help', problem });
  });

  const problemOf = (text: string) => {
    const parsed = parseCommand(text);
    expect(parsed.name, text).toBe('help');
    return (parsed as { problem: string | null }).problem ?? '';
  };

  describe('refuses a number in start that is not a valid duration, with the range', () => {
    it.each([
      ['start url shortener 9999', '9999'],
      ['start 1000', '1000'],
      ['start url shortener 0', '0'],
      ['start url shortener 4', '4'],
      ['start url shortener 181', '181'],
      ['start url shortener 99999999999999999999', '99999999999999999999'],
    ])('%j (out of range)', (text, asked) => {
      expect(problemOf(text)).toBe(`An interview lasts 5 to 180 minutes; you asked for ${asked}.`);
    });
    it.each([
      ['start url shortener -5', '-5'],
      ['start url shortener 30.5', '30.5'],
      ['start url shortener 1,000', '1,000'],
      ['start url shortener +30', '+30'],
      ['start url shortener 30.5min', '30.5min'],
    ])('%j (not whole minutes)', (text, word) => {
      expect(problemOf(text)).toBe(`\`${word}\` is not a duration: an interview lasts 5 to 180 minutes, in whole minutes like \`30\` or \`45min\`.`);
    });
    it('never folds a number into the topic', () => {
      expect(parseCommand('start url shortener 9999')).not.toMatchObject({ name: 'start' });
    });
  });

  describe('start [topic] [minutes] [template]', () => {
    it('refuses an unknown word after the duration, naming the templates', () => {
      const problem = problemOf('start url shortener 30 expert');
      expect(problem).toContain('`expert` is not a template');
      expect(problem).toContain('`quick`, `standard` or `deep-dive`');
    });
    it('refuses topic words after the duration (the topic comes first)', () => {
      expect(problemOf('start 30 url shortener')).toContain('`url` is not a template');
      expect(problemOf('start 30 url shortener')).toContain('start [topic] [minutes] [template]');
    });
    it('refuses two durations', () => {
      expect(problemOf('start url shortener 30 45')).toBe('Two durations, `30` and `45`: give one, from 5 to 180 minutes.');
    });
    it('refuses two templates', () => {
      expect(problemOf('start url shortener 30 quick deep-dive')).toBe('Two templates, `quick` and `deep-dive`: choose one of `quick`, `standard` or `deep-dive`.');
      expect(problemOf('start quick url shortener standard')).toContain('Two templates');
    });
    it('refuses words after the template', () => {
      expect(problemOf('start url shortener 30 quick please')).toMatch(/^Extra words after a complete command: `please`\./);
      expect(problemOf('start url shortener quick 30')).toMatch(/^Extra words after a complete command: `30`\./);
      expect(problemOf('start url shortener quick 30')).toContain('start [topic] [minutes] [template]');
    });
  });

  describe('history and show take one small positive number', () => {
    it.each(['two', '0', '-1', '1.5', '1000000', '99999999999999999999', '1e3', '+2'])('history %s', (page) => {
      expect(problemOf(`history ${page}`)).toBe(`\`${page}\` is not a page number. \`history\` takes an optional page number from 1 to 999999, like \`history 2\`.`);
    });
    it('history with two arguments', () => {
      expect(problemOf('history 2 3')).toMatch(/^Extra words after a complete command: `3`\. `history` takes an optional page number from 1 to 999999/);
    });
    it.each(['latest', '0', '99999999999999999999', '1.5', 'not-a-uuid-0000'])('show %s', (ref) => {
      const problem = problemOf(`show ${ref}`);
      expect(problem).toContain(`\`${ref}\` is neither a history number nor an interview id.`);
      expect(problem).toContain('1 = most recent, up to 999999');
    });
    it('show with two arguments', () => {
      expect(problemOf('show 1 2')).toMatch(/^Extra words after a complete command: `2`\./);
    });
  });
});

describe('help text', () => {
  it('Slack and Discord get threads and buttons; the terminal gets the prompt and /quit', () => {
    expect(helpText('slack')).toBe(HELP_TEXT);
    expect(helpText('discord')).toBe(HELP_TEXT);
    expect(helpText('console')).toBe(CONSOLE_HELP_TEXT);
    expect(HELP_TEXT).toContain('replying in the interview thread');
    expect(CONSOLE_HELP_TEXT).toContain('typing at the prompt');
    expect(CONSOLE_HELP_TEXT).toContain('/quit');
    expect(CONSOLE_HELP_TEXT).not.toMatch(/thread|button/i);
  });
  it('both list show', () => {
    for (const text of [HELP_TEXT, CONSOLE_HELP_TEXT]) expect(text).toContain('/interview show [N|id]');
  });
});
