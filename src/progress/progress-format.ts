import type { LeaderboardView, StatsView, Trend } from './progress-types.js';

// Wording the three renderers (Slack, Discord, terminal) share, as plain text: each adapter adds
// its own emphasis and escaping around it, so the numbers read the same everywhere.

/** `72/100`, `72.5/100`, `—` for none. */
export function formatAverageScore(score: number | null): string {
  if (score === null) return '—';
  return `${Number.isInteger(score) ? score : score.toFixed(1)}/100`;
}

/** A dimension average on its 1-4 scale: `3.25/4`. */
export function formatDimensionScore(average: number): string {
  return `${Number(average.toFixed(2))}/4`;
}

const TREND_WORDS: Record<Trend, string> = { up: '↑ improving', down: '↓ slipping', flat: '→ steady' };

/** `↑ improving` (last 3 against the earlier ones), or `not enough yet` to compare. */
export function trendText(trend: Trend | null): string {
  return trend === null ? 'not enough yet to compare' : TREND_WORDS[trend];
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The streak in a sentence, with what keeps it going. */
export function streakText(stats: Pick<StatsView, 'streakWeeks' | 'activeThisWeek'>): string {
  if (stats.streakWeeks === 0) return 'No streak yet: complete an interview this week to start one.';
  const weeks = `${plural(stats.streakWeeks, 'week')} in a row`;
  return stats.activeThisWeek ? `${weeks}, this week included.` : `${weeks}, up to last week: complete an interview this week to keep it.`;
}

/** `3 completed, 2 scored` when some are not scored (an evaluation failed, too little to score). */
export function sessionsText(stats: Pick<StatsView, 'sessionsCompleted' | 'scoredSessions'>): string {
  const scored = stats.scoredSessions === stats.sessionsCompleted ? '' : `, ${stats.scoredSessions} scored`;
  return `${stats.sessionsCompleted}${scored}`;
}

/** `this week (since Mon 2026-11-30)`, `this month (since 2026-11-01)`, `all time`. */
export function periodText(board: Pick<LeaderboardView, 'period' | 'since'>): string {
  const day = board.since ? board.since.toISOString().slice(0, 10) : '';
  if (board.period === 'week') return `this week (since Monday ${day}, UTC)`;
  if (board.period === 'month') return `this month (since ${day}, UTC)`;
  return 'all time';
}

export const LEADERBOARD_NOTE = 'Only you see this. People who opted out are not listed.';

export function optedOutNote(board: Pick<LeaderboardView, 'viewerOptedOut'>): string | null {
  return board.viewerOptedOut ? 'You opted out, so you are not listed: `/interview leaderboard opt-in` to be.' : null;
}

export const NO_INTERVIEWS_YET = 'No completed interviews yet. Start one with `/interview start`.';
