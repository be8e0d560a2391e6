import type { LeaderboardView, StatsView } from '../../src/progress/progress-types.js';

/** A person with history: every section of the stats card has something to show. */
export function sampleStats(overrides: Partial<StatsView> = {}): StatsView {
  return {
    userId: 'U1',
    displayName: 'Ada <Lovelace> *',
    sessionsCompleted: 5,
    scoredSessions: 4,
    averageScore: 72.5,
    bestScore: 90,
    dimensions: [
      { dimension: 'requirements', label: 'Requirements', average: 2.75, count: 4, recentAverage: 3, earlierAverage: 2, trend: 'up' },
      { dimension: 'estimation', label: 'Estimation', average: 2.5, count: 4, recentAverage: 2.33, earlierAverage: 3, trend: 'down' },
      { dimension: 'communication', label: 'Communication', average: 3, count: 2, recentAverage: 3, earlierAverage: null, trend: null },
    ],
    streakWeeks: 3,
    activeThisWeek: false,
    topicsPractised: [
      { topic: 'URL shortener', count: 3 },
      { topic: 'Rate limiter', count: 2 },
    ],
    topicsNotTried: ['Chat system', 'Web crawler'],
    series: [
      { date: new Date('2026-01-05T09:00:00Z'), overallScore: 60 },
      { date: new Date('2026-01-13T09:00:00Z'), overallScore: 85 },
    ],
    ...overrides,
  };
}

export function emptyStats(): StatsView {
  return sampleStats({ sessionsCompleted: 0, scoredSessions: 0, averageScore: null, bestScore: null, dimensions: [], streakWeeks: 0, topicsPractised: [], series: [] });
}

export function sampleLeaderboard(overrides: Partial<LeaderboardView> = {}): LeaderboardView {
  return {
    channelId: 'C0PRACTICE',
    period: 'week',
    since: new Date('2026-01-12T00:00:00Z'),
    minScored: 3,
    bySessions: [
      { rank: 1, userId: 'A', displayName: 'Alice', sessions: 4, scored: 3, averageScore: 80 },
      { rank: 2, userId: 'B', displayName: 'Bob <@U999>', sessions: 3, scored: 3, averageScore: 90 },
      { rank: 3, userId: 'C', displayName: 'Carol', sessions: 1, scored: 1, averageScore: 100 },
    ],
    byAverage: [
      { rank: 1, userId: 'B', displayName: 'Bob <@U999>', sessions: 3, scored: 3, averageScore: 90 },
      { rank: 2, userId: 'A', displayName: 'Alice', sessions: 4, scored: 3, averageScore: 80 },
    ],
    viewerOptedOut: false,
    ...overrides,
  };
}

/** Each part appears in `text`, in this order. */
export function expectInOrder(text: string, parts: string[]): void {
  let from = 0;
  for (const part of parts) {
    const at = text.indexOf(part, from);
    if (at < 0) throw new Error(`Missing after offset ${from}: ${JSON.stringify(part)}\n--- in ---\n${text}`);
    from = at + part.length;
  }
}
