import type { Clock } from '../domain/ports.js';
import type { WorkspaceScope } from '../domain/types.js';
import { RUBRIC } from '../evaluation/rubric/rubric.js';
import type { TopicCatalog } from '../interviewer/catalog/topic-catalog.js';
import type { ProgressRepository, StatsRow } from '../storage/progress-repository.js';
import {
  LEADERBOARD_MIN_SCORED,
  LEADERBOARD_SIZE,
  TREND_RECENT,
  type DimensionStat,
  type LeaderboardPeriod,
  type LeaderboardRow,
  type LeaderboardView,
  type StatsView,
} from './progress-types.js';
import { trendOf } from './trend.js';

export interface StatsResult {
  view: StatsView;
  /** The person opted out of leaderboards: their stats are for them alone. */
  optedOut: boolean;
}

/**
 * Progress for the chat commands: the repository's numbers (one statement per command) made
 * into views, with the rubric's labels and order, trends, and the catalog's topics not tried.
 */
export class ProgressService {
  constructor(
    private readonly repository: ProgressRepository,
    private readonly catalog: TopicCatalog,
    private readonly clock: Clock,
  ) {}

  /** `preferredName`: the name to show when known (the asker's own, from the platform); else the stored one. */
  async stats(user: WorkspaceScope & { userId: string }, preferredName?: string): Promise<StatsResult> {
    const row = await this.repository.stats(user, this.clock.now(), TREND_RECENT);
    return { view: this.statsView(user.userId, row, preferredName), optedOut: row.optedOut };
  }

  async leaderboard(scope: WorkspaceScope & { channelId: string; viewerUserId: string }, period: LeaderboardPeriod): Promise<LeaderboardView> {
    const result = await this.repository.leaderboard({ ...scope, period, minScored: LEADERBOARD_MIN_SCORED, size: LEADERBOARD_SIZE, now: this.clock.now() });
    const row = (e: (typeof result.entries)[number], rank: number): LeaderboardRow => ({
      rank,
      userId: e.userId,
      displayName: e.displayName,
      sessions: e.sessions,
      scored: e.scored,
      averageScore: e.average,
    });
    const bySessions = result.entries.filter((e) => e.sessionsRank <= LEADERBOARD_SIZE).slice(0, LEADERBOARD_SIZE).map((e) => row(e, e.sessionsRank));
    const byAverage = result.entries
      .filter((e) => e.averageRank !== null && e.averageRank <= LEADERBOARD_SIZE)
      .sort((a, b) => a.averageRank! - b.averageRank! || b.scored - a.scored || a.displayName.localeCompare(b.displayName))
      .slice(0, LEADERBOARD_SIZE)
      .map((e) => row(e, e.averageRank!));
    return { channelId: scope.channelId, period, since: result.since, minScored: LEADERBOARD_MIN_SCORED, bySessions, byAverage, viewerOptedOut: result.viewerOptedOut };
  }

  async setLeaderboardOptOut(user: WorkspaceScope & { userId: string; displayName?: string }, optOut: boolean): Promise<void> {
    await this.repository.setLeaderboardOptOut(user, optOut, this.clock.now());
  }

  private statsView(userId: string, row: StatsRow, preferredName?: string): StatsView {
    const order = new Map(RUBRIC.dimensions.map((d, i) => [d.id, i]));
    const dimensions: DimensionStat[] = row.dimensions
      .map((d) => ({
        dimension: d.dimension,
        label: RUBRIC.dimensions.find((r) => r.id === d.dimension)?.label ?? d.dimension,
        average: round2(d.average),
        count: d.count,
        recentAverage: round2(d.recentAverage),
        earlierAverage: d.earlierAverage === null ? null : round2(d.earlierAverage),
        trend: trendOf(d.recentAverage, d.earlierAverage),
      }))
      .sort((a, b) => (order.get(a.dimension) ?? order.size) - (order.get(b.dimension) ?? order.size) || a.dimension.localeCompare(b.dimension));
    const practised = new Set(row.topics.map((t) => t.topic.trim().toLowerCase()));
    const topicsNotTried = this.catalog.topics.filter((t) => !practised.has(t.name.toLowerCase()) && !practised.has(t.id)).map((t) => t.name);
    return {
      userId,
      displayName: preferredName ?? row.displayName ?? userId,
      sessionsCompleted: row.sessions,
      scoredSessions: row.scored,
      averageScore: row.average,
      bestScore: row.best,
      dimensions,
      streakWeeks: row.streakWeeks,
      activeThisWeek: row.activeThisWeek,
      topicsPractised: row.topics,
      topicsNotTried,
      series: row.series.map((p) => ({ date: new Date(p.date), overallScore: p.overallScore })),
    };
  }
}

const round2 = (n: number) => Math.round(n * 100) / 100;
