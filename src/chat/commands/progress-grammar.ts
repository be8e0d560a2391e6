import { LEADERBOARD_PERIODS, type LeaderboardPeriod } from '../../progress/progress-types.js';
import type { Refusal } from './refusal.js';

// `/interview stats [@user]` and `/interview leaderboard [week|month|all|opt-out|opt-in]`, parsed
// strictly: anything else is a refusal with the reason, as the rest of the grammar does.

export type ProgressCommand =
  /** `userId` null: the asker's own stats. */
  | { name: 'stats'; userId: string | null }
  | { name: 'leaderboard'; period: LeaderboardPeriod }
  | { name: 'leaderboard-opt'; optOut: boolean };


/**
 * A user mention as the platforms send it: Slack `<@U123>` or `<@U123|name>` (slash commands with
 * escaping on), Discord `<@123>` or `<@!123>`. The id is at most 64 letters and digits.
 */
const MENTION = /^<@!?([A-Za-z0-9]{1,64})(?:\|[^<>]{0,200})?>$/;

export const STATS_USAGE = '`stats` shows your progress, or a teammate\'s with a mention: `stats @name`.';
export const LEADERBOARD_USAGE = '`leaderboard` takes `week` (the default), `month` or `all`, or `opt-out` / `opt-in` to leave or rejoin leaderboards.';

export function parseStats(words: string[]): ProgressCommand | Refusal {
  if (words.length === 0) return { name: 'stats', userId: null };
  // A Slack mention's name part may hold spaces; the mention is the whole rest of the command.
  const text = words.join(' ');
  const mention = MENTION.exec(text);
  if (mention) return { name: 'stats', userId: mention[1]! };
  if (words.length === 1 && words[0]!.startsWith('@')) {
    return { name: 'help', problem: `\`${words[0]}\` is not a mention I can read: pick the person from the list as you type \`@\`, so it becomes a link. ${STATS_USAGE}` };
  }
  return { name: 'help', problem: `\`${clip(text)}\` is not a person. ${STATS_USAGE}` };
}

export function parseLeaderboard(words: string[]): ProgressCommand | Refusal {
  if (words.length > 1) return { name: 'help', problem: `Extra words after a complete command: \`${clip(words.slice(1).join(' '))}\`. ${LEADERBOARD_USAGE}` };
  const word = (words[0] ?? 'week').toLowerCase();
  if ((LEADERBOARD_PERIODS as readonly string[]).includes(word)) return { name: 'leaderboard', period: word as LeaderboardPeriod };
  if (word === 'opt-out' || word === 'optout') return { name: 'leaderboard-opt', optOut: true };
  if (word === 'opt-in' || word === 'optin') return { name: 'leaderboard-opt', optOut: false };
  return { name: 'help', problem: `\`${clip(words[0]!)}\` is not a period. ${LEADERBOARD_USAGE}` };
}

/** Echoed input stays short and cannot break out of its code span. */
function clip(text: string): string {
  const flat = text.replace(/`/g, "'");
  return flat.length > 60 ? `${flat.slice(0, 57)}...` : flat;
}

const STATS_LINE = '- `/interview stats [@name]`: your progress (or a teammate\'s), privately: scores, dimensions and their trend, weeks in a row, topics not tried yet';

/** Help lines for Slack and Discord. */
export const PROGRESS_HELP_LINES = [
  STATS_LINE,
  '- `/interview leaderboard [week|month|all]`: this channel\'s most practised and best averages (3+ scored interviews), privately; `leaderboard opt-out` / `opt-in` to leave or rejoin',
];

/** The terminal has one person and no channel to rank. */
export const CONSOLE_PROGRESS_HELP_LINES = [STATS_LINE];
