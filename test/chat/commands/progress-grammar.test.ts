import { describe, expect, it } from 'vitest';
import { CONSOLE_HELP_TEXT, HELP_TEXT, parseCommand } from '../../../src/chat/command-grammar.js';

describe('stats and leaderboard grammar', () => {
  it.each([
    ['stats', { name: 'stats', userId: null }],
    ['STATS', { name: 'stats', userId: null }],
    ['stats <@U123ABC>', { name: 'stats', userId: 'U123ABC' }],
    ['stats <@U123ABC|ada>', { name: 'stats', userId: 'U123ABC' }],
    ['stats <@W42|Ada Lovelace>', { name: 'stats', userId: 'W42' }],
    ['stats <@123456789012345678>', { name: 'stats', userId: '123456789012345678' }],
    ['stats <@!123456789012345678>', { name: 'stats', userId: '123456789012345678' }],
    ['leaderboard', { name: 'leaderboard', period: 'week' }],
    ['leaderboard week', { name: 'leaderboard', period: 'week' }],
    ['leaderboard MONTH', { name: 'leaderboard', period: 'month' }],
    ['leaderboard all', { name: 'leaderboard', period: 'all' }],
    ['leaderboard opt-out', { name: 'leaderboard-opt', optOut: true }],
    ['leaderboard optout', { name: 'leaderboard-opt', optOut: true }],
    ['leaderboard opt-in', { name: 'leaderboard-opt', optOut: false }],
  ])('%j', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });

  it.each([
    ['stats @ada', 'is not a mention I can read'],
    ['stats ada', '`ada` is not a person.'],
    ['stats <@U1> <@U2>', 'is not a person'],
    ['stats <#C123>', 'is not a person'],
    ['stats <@&123>', 'is not a person'],
    ['stats <@U1', 'is not a person'],
    [`stats <@${'A'.repeat(65)}>`, 'is not a person'],
    ['leaderboard year', '`year` is not a period.'],
    ['leaderboard week month', 'Extra words after a complete command: `month`'],
    ['leaderboard opt-out now', 'Extra words'],
    ['leaderboard 7', '`7` is not a period.'],
  ])('%j is refused with the reason', (text, problem) => {
    const parsed = parseCommand(text);
    expect(parsed.name).toBe('help');
    expect((parsed as { problem: string }).problem).toContain(problem);
  });

  it('keeps echoed input short and inside its code span', () => {
    const parsed = parseCommand(`leaderboard ${'x'.repeat(500)}\``) as { problem: string };
    expect(parsed.problem.length).toBeLessThan(300);
    expect(parsed.problem.match(/`/g)!.length % 2).toBe(0);
  });

  it('is in the help: both commands on Slack and Discord, stats in the terminal', () => {
    expect(HELP_TEXT).toContain('/interview stats [@name]');
    expect(HELP_TEXT).toContain('/interview leaderboard [week|month|all]');
    expect(HELP_TEXT).toContain('opt-out');
    expect(CONSOLE_HELP_TEXT).toContain('/interview stats');
    expect(CONSOLE_HELP_TEXT).not.toContain('leaderboard');
  });
});
