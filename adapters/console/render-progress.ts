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
} from '../../src/progress/progress-format.js';
import type { LeaderboardView, StatsView } from '../../src/progress/progress-types.js';

// `/interview stats` and `leaderboard` as terminal text: aligned columns, no markup.

const plain = (text: string) => text.replace(/`([^`]+)`/g, '$1');

export function renderStats(stats: StatsView): string {
  const title = `\n=== Progress: ${stats.displayName} ===`;
  if (stats.sessionsCompleted === 0) return `${title}\n${plain(NO_INTERVIEWS_YET)}`;
  const lines = [
    title,
    `Interviews completed: ${sessionsText(stats)}`,
    `Average score:        ${formatAverageScore(stats.averageScore)}`,
    `Best score:           ${formatAverageScore(stats.bestScore)}`,
    `Streak:               ${streakText(stats)}`,
  ];
  if (stats.dimensions.length > 0) {
    lines.push('', 'By dimension (average; trend: last 3 against the earlier ones):');
    for (const d of stats.dimensions) lines.push(`  ${d.label.padEnd(28)} ${formatDimensionScore(d.average).padEnd(7)} ${trendText(d.trend)}`);
  }
  if (stats.topicsPractised.length > 0) {
    lines.push('', 'Topics practised:');
    for (const t of stats.topicsPractised) lines.push(`  ${t.topic.padEnd(28)} ×${t.count}`);
  }
  lines.push('', `Not tried yet: ${stats.topicsNotTried.length > 0 ? stats.topicsNotTried.join(', ') : 'none, you have tried every topic'}`);
  return lines.join('\n');
}

export function renderLeaderboard(board: LeaderboardView): string {
  const lines = [`\n=== Leaderboard: ${periodText(board)} ===`];
  if (board.bySessions.length === 0) {
    lines.push(`No completed interviews here for ${periodText(board)}.`);
  } else {
    lines.push('Most interviews:', ...board.bySessions.map((r) => `  ${String(r.rank).padStart(2)}. ${r.displayName.padEnd(24)} ${plural(r.sessions, 'interview')}`));
    lines.push(`Best average score (at least ${board.minScored} scored interviews):`);
    if (board.byAverage.length === 0) lines.push(`  nobody has ${board.minScored} scored interviews yet`);
    for (const r of board.byAverage) lines.push(`  ${String(r.rank).padStart(2)}. ${r.displayName.padEnd(24)} ${formatAverageScore(r.averageScore)} (${r.scored} scored)`);
  }
  const note = optedOutNote(board);
  lines.push(LEADERBOARD_NOTE, ...(note ? [plain(note)] : []));
  return lines.join('\n');
}
