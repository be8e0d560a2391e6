import { describe, expect, it } from 'vitest';
import { renderConsole } from '../../../adapters/console/render-console.js';
import { emptyStats, sampleLeaderboard, sampleStats } from '../../support/progress-fixtures.js';

describe('progress in the terminal', () => {
  it('prints the stats as aligned lines without markup', () => {
    const text = renderConsole({ kind: 'stats', stats: sampleStats({ displayName: 'you' }) });
    expect(text).toBe(
      [
        '',
        '=== Progress: you ===',
        'Interviews completed: 5, 4 scored',
        'Average score:        72.5/100',
        'Best score:           90/100',
        'Streak:               3 weeks in a row, up to last week: complete an interview this week to keep it.',
        '',
        'By dimension (average; trend: last 3 against the earlier ones):',
        '  Requirements                 2.75/4  ↑ improving',
        '  Estimation                   2.5/4   ↓ slipping',
        '  Communication                3/4     not enough yet to compare',
        '',
        'Topics practised:',
        '  URL shortener                ×3',
        '  Rate limiter                 ×2',
        '',
        'Not tried yet: Chat system, Web crawler',
      ].join('\n'),
    );
    expect(renderConsole({ kind: 'stats', stats: emptyStats() })).toContain('No completed interviews yet. Start one with /interview start.');
  });

  it('prints the leaderboard', () => {
    const text = renderConsole({ kind: 'leaderboard', leaderboard: sampleLeaderboard({ viewerOptedOut: true }) });
    expect(text).toContain('=== Leaderboard: this week (since Monday 2026-01-12, UTC) ===');
    expect(text).toContain('   1. Alice                    4 interviews');
    expect(text).toContain('   1. Bob <@U999>              90/100 (3 scored)');
    expect(text).toContain('You opted out, so you are not listed: /interview leaderboard opt-in to be.');
  });
});
