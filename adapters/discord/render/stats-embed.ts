import {
  formatAverageScore,
  formatDimensionScore,
  LEADERBOARD_NOTE,
  NO_INTERVIEWS_YET,
  optedOutNote,
  periodText,
  plural,
  sessionsText,
  streakText,
  trendText,
} from '../../../src/progress/progress-format.js';
import type { LeaderboardView, StatsView } from '../../../src/progress/progress-types.js';
import { field, fitEmbed } from './embeds.js';
import { COLORS } from './format.js';
import { escapeMarkdown } from './markdown.js';
import { type DiscordPayload, packPayloads } from './pack-payloads.js';

/** Discord channel ids are snowflakes; only those become a `<#id>` link. */
const SNOWFLAKE = /^\d{1,20}$/;

/** `/interview stats`: the numbers as inline fields, then dimensions, topics and what is left to try. */
export function statsPayloads(stats: StatsView): DiscordPayload[] {
  const title = `Progress: ${escapeMarkdown(stats.displayName)}`;
  if (stats.sessionsCompleted === 0) return packPayloads({ embeds: fitEmbed({ title, color: COLORS.blurple, description: `*${NO_INTERVIEWS_YET}*` }) });
  const fields = [
    field('Interviews completed', sessionsText(stats), true),
    field('Average score', formatAverageScore(stats.averageScore), true),
    field('Best score', formatAverageScore(stats.bestScore), true),
    field('Streak', streakText(stats)),
  ];
  if (stats.dimensions.length > 0) {
    fields.push(field('By dimension (average; trend: last 3 against the earlier ones)', stats.dimensions.map((d) => `• ${escapeMarkdown(d.label)}: **${formatDimensionScore(d.average)}** · ${trendText(d.trend)}`).join('\n')));
  }
  if (stats.topicsPractised.length > 0) fields.push(field('Topics practised', stats.topicsPractised.map((t) => `• ${escapeMarkdown(t.topic)} ×${t.count}`).join('\n')));
  fields.push(field('Not tried yet', stats.topicsNotTried.length > 0 ? stats.topicsNotTried.map(escapeMarkdown).join(', ') : 'None: you have tried every topic.'));
  return packPayloads({ embeds: fitEmbed({ title, color: COLORS.blurple, fields }) });
}

/** `/interview leaderboard`: the two rankings as fields, who is left out in the footer. */
export function leaderboardPayloads(board: LeaderboardView): DiscordPayload[] {
  const channel = SNOWFLAKE.test(board.channelId) ? ` in <#${board.channelId}>` : ' in this channel';
  const title = `Leaderboard: ${periodText(board)}`;
  const footer = [LEADERBOARD_NOTE, optedOutNote(board)?.replace(/`/g, '')].filter(Boolean).join('\n');
  if (board.bySessions.length === 0) {
    return packPayloads({ embeds: fitEmbed({ title, color: COLORS.teal, description: `*No completed interviews${channel} for ${periodText(board)}.*`, footer }) });
  }
  const most = board.bySessions.map((r) => `${r.rank}. ${escapeMarkdown(r.displayName)}: ${plural(r.sessions, 'interview')}`);
  const best = board.byAverage.length > 0 ? board.byAverage.map((r) => `${r.rank}. ${escapeMarkdown(r.displayName)}: **${formatAverageScore(r.averageScore)}** (${r.scored} scored)`) : [`*Nobody has ${board.minScored} scored interviews yet.*`];
  return packPayloads({
    embeds: fitEmbed({
      title,
      color: COLORS.teal,
      description: `Interviews${channel}.`,
      fields: [field('Most interviews', most.join('\n')), field(`Best average score (at least ${board.minScored} scored interviews)`, best.join('\n'))],
      footer,
    }),
  });
}
