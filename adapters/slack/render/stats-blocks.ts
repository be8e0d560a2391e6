import type { KnownBlock } from '@slack/types';
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
import type { LeaderboardRow, LeaderboardView, StatsView } from '../../../src/progress/progress-types.js';
import { contextBlocks, fieldsSection, header, sections } from './blocks.js';
import { escapeMrkdwn } from './mrkdwn.js';

export interface ProgressBlocks {
  groups: KnownBlock[][];
  fallback: string;
}

/** Slack channel ids: the only ones written as a live `<#C...>` link. */
const CHANNEL_ID = /^[CGD][A-Z0-9]{2,30}$/;

/** `/interview stats`: the numbers as fields, then dimensions, topics and what is left to try. */
export function statsBlocks(stats: StatsView): ProgressBlocks {
  const name = escapeMrkdwn(stats.displayName);
  const title = [header(`Progress: ${stats.displayName}`)];
  const fallback = `Progress for ${name}: ${plural(stats.sessionsCompleted, 'interview')} completed, average ${formatAverageScore(stats.averageScore)}`;
  if (stats.sessionsCompleted === 0) return { groups: [title, sections(`_${NO_INTERVIEWS_YET}_`)], fallback };
  const groups: KnownBlock[][] = [
    title,
    fieldsSection([
      `*Interviews completed*\n${sessionsText(stats)}`,
      `*Average score*\n${formatAverageScore(stats.averageScore)}`,
      `*Best score*\n${formatAverageScore(stats.bestScore)}`,
      `*Streak*\n${streakText(stats)}`,
    ]),
  ];
  if (stats.dimensions.length > 0) {
    const lines = stats.dimensions.map((d) => `• ${escapeMrkdwn(d.label)}: *${formatDimensionScore(d.average)}* · ${trendText(d.trend)}`);
    groups.push(sections(['*By dimension* (average; trend: last 3 against the earlier ones)', ...lines].join('\n')));
  }
  if (stats.topicsPractised.length > 0) {
    groups.push(sections(['*Topics practised*', ...stats.topicsPractised.map((t) => `• ${escapeMrkdwn(t.topic)} ×${t.count}`)].join('\n')));
  }
  groups.push(sections(stats.topicsNotTried.length > 0 ? `*Not tried yet*\n${stats.topicsNotTried.map(escapeMrkdwn).join(', ')}` : '*Not tried yet*\nNone: you have tried every topic.'));
  return { groups, fallback };
}

/** `/interview leaderboard`: the two rankings, then who is left out. */
export function leaderboardBlocks(board: LeaderboardView): ProgressBlocks {
  const channel = CHANNEL_ID.test(board.channelId) ? ` in <#${board.channelId}>` : ' in this channel';
  const groups: KnownBlock[][] = [[header(`Leaderboard: ${periodText(board)}`)]];
  if (board.bySessions.length === 0) {
    groups.push(sections(`_No completed interviews${channel} for ${periodText(board)}._`));
  } else {
    groups.push(sections(['*Most interviews*', ...board.bySessions.map((r) => `${r.rank}. ${escapeMrkdwn(r.displayName)}: ${plural(r.sessions, 'interview')}`)].join('\n')));
    const best = board.byAverage.length > 0 ? board.byAverage.map((r) => `${r.rank}. ${escapeMrkdwn(r.displayName)}: *${formatAverageScore(r.averageScore)}* ${scoredNote(r)}`) : [`_Nobody has ${board.minScored} scored interviews yet._`];
    groups.push(sections([`*Best average score* (at least ${board.minScored} scored interviews)`, ...best].join('\n')));
  }
  const note = optedOutNote(board);
  groups.push(contextBlocks([`Interviews${channel}. ${LEADERBOARD_NOTE}`, note].filter(Boolean).join('\n')));
  const top = board.bySessions[0];
  return { groups, fallback: `Leaderboard, ${periodText(board)}${top ? `: ${escapeMrkdwn(top.displayName)} leads with ${plural(top.sessions, 'interview')}` : ''}` };
}

const scoredNote = (row: LeaderboardRow) => `(${row.scored} scored)`;
