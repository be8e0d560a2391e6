import { describe, expect, it } from 'vitest';
import { renderDiscordMessage } from '../../../../adapters/discord/render/render-discord-message.js';
import { emptyStats, expectInOrder, sampleLeaderboard, sampleStats } from '../../../support/progress-fixtures.js';
import { allText, assertAllWithinDiscordLimits } from './support.js';

describe('stats on Discord', () => {
  it('is one embed: the numbers as fields, then dimensions with trends, topics and what is left to try', () => {
    const payloads = renderDiscordMessage({ kind: 'stats', stats: sampleStats() });
    assertAllWithinDiscordLimits(payloads);
    expect(payloads).toHaveLength(1);
    expect(payloads[0]!.embeds).toHaveLength(1);
    expectInOrder(allText(payloads), [
      'Progress: Ada <Lovelace> \\*',
      'Interviews completed\n5, 4 scored',
      'Average score\n72.5/100',
      'Best score\n90/100',
      'Streak\n3 weeks in a row, up to last week',
      'Requirements: **2.75/4** · ↑ improving',
      'Estimation: **2.5/4** · ↓ slipping',
      'Communication: **3/4** · not enough yet to compare',
      'URL shortener ×3',
      'Not tried yet\nChat system, Web crawler',
    ]);
  });

  it('says there is nothing yet for someone without completed interviews', () => {
    const payloads = renderDiscordMessage({ kind: 'stats', stats: emptyStats() });
    assertAllWithinDiscordLimits(payloads);
    expect(allText(payloads)).toContain('No completed interviews yet.');
  });
});

describe('leaderboard on Discord', () => {
  it('shows both rankings, the channel link and the note in the footer', () => {
    const payloads = renderDiscordMessage({ kind: 'leaderboard', leaderboard: sampleLeaderboard({ channelId: '123456789012345678' }) });
    assertAllWithinDiscordLimits(payloads);
    expectInOrder(allText(payloads), [
      'Leaderboard: this week (since Monday 2026-01-12, UTC)',
      'Interviews in <#123456789012345678>.',
      'Most interviews\n1. Alice: 4 interviews\n2. Bob <@U999>: 3 interviews\n3. Carol: 1 interview',
      'Best average score (at least 3 scored interviews)\n1. Bob <@U999>: **90/100** (3 scored)\n2. Alice: **80/100** (3 scored)',
      'Only you see this. People who opted out are not listed.',
    ]);
  });

  it('says when nothing is in the period, and tells a viewer who opted out how to opt in', () => {
    const payloads = renderDiscordMessage({ kind: 'leaderboard', leaderboard: sampleLeaderboard({ bySessions: [], byAverage: [], viewerOptedOut: true }) });
    assertAllWithinDiscordLimits(payloads);
    const text = allText(payloads);
    expect(text).toContain('No completed interviews in this channel for this week');
    expect(text).toContain('You opted out, so you are not listed: /interview leaderboard opt-in to be.');
  });
});
