import { describe, expect, it } from 'vitest';
import { renderSlackMessage } from '../../../../adapters/slack/render/render-slack-message.js';
import { emptyStats, expectInOrder, sampleLeaderboard, sampleStats } from '../../../support/progress-fixtures.js';
import { allText, expectWithinSlackLimits } from './support.js';

describe('stats on Slack', () => {
  it('shows the numbers, the streak, each dimension with its trend, topics and what is left to try', () => {
    const messages = renderSlackMessage({ kind: 'stats', stats: sampleStats() });
    expectWithinSlackLimits(messages);
    expect(messages).toHaveLength(1);
    const text = allText(messages);
    expectInOrder(text, [
      'Progress: Ada <Lovelace> *',
      '*Interviews completed*\n5, 4 scored',
      '*Average score*\n72.5/100',
      '*Best score*\n90/100',
      '3 weeks in a row, up to last week: complete an interview this week to keep it.',
      'Requirements: *2.75/4* · ↑ improving',
      'Estimation: *2.5/4* · ↓ slipping',
      'Communication: *3/4* · not enough yet to compare',
      'URL shortener ×3',
      'Rate limiter ×2',
      '*Not tried yet*\nChat system, Web crawler',
    ]);
    // A name is text, never markup or a mention.
    expect(messages[0]!.text).toContain('Ada &lt;Lovelace&gt; *');
  });

  it('says there is nothing yet for someone without completed interviews', () => {
    const messages = renderSlackMessage({ kind: 'stats', stats: emptyStats() });
    expectWithinSlackLimits(messages);
    expect(allText(messages)).toContain('No completed interviews yet. Start one with `/interview start`.');
  });
});

describe('leaderboard on Slack', () => {
  it('shows both rankings with ranks, the period, the channel and who is left out; names escaped', () => {
    const messages = renderSlackMessage({ kind: 'leaderboard', leaderboard: sampleLeaderboard() });
    expectWithinSlackLimits(messages);
    const text = allText(messages);
    expectInOrder(text, [
      'Leaderboard: this week (since Monday 2026-01-12, UTC)',
      '*Most interviews*',
      '1. Alice: 4 interviews',
      '2. Bob &lt;@U999&gt;: 3 interviews',
      '3. Carol: 1 interview',
      '*Best average score* (at least 3 scored interviews)',
      '1. Bob &lt;@U999&gt;: *90/100* (3 scored)',
      '2. Alice: *80/100* (3 scored)',
      'Interviews in <#C0PRACTICE>. Only you see this. People who opted out are not listed.',
    ]);
    expect(text).not.toContain('<@U999>');
    expect(text).not.toContain('You opted out');
  });

  it('says when the channel has nothing in the period, nobody has enough scores, or the viewer opted out', () => {
    const empty = allText(renderSlackMessage({ kind: 'leaderboard', leaderboard: sampleLeaderboard({ period: 'all', since: null, bySessions: [], byAverage: [], viewerOptedOut: true }) }));
    expect(empty).toContain('No completed interviews in <#C0PRACTICE> for all time.');
    expect(empty).toContain('You opted out, so you are not listed: `/interview leaderboard opt-in` to be.');
    const few = allText(renderSlackMessage({ kind: 'leaderboard', leaderboard: sampleLeaderboard({ period: 'month', since: new Date('2026-01-01T00:00:00Z'), byAverage: [], channelId: 'terminal' }) }));
    expect(few).toContain('Leaderboard: this month (since 2026-01-01, UTC)');
    expect(few).toContain('Nobody has 3 scored interviews yet.');
    expect(few).toContain('Interviews in this channel.');
  });
});
