// What `/interview stats` and `/interview leaderboard` show, platform-neutral. The numbers come
// from SQL (src/storage/progress-repository.ts); src/progress/progress-service.ts adds labels,
// trends and the topics not tried yet.

export type LeaderboardPeriod = 'week' | 'month' | 'all';
export const LEADERBOARD_PERIODS: readonly LeaderboardPeriod[] = ['week', 'month', 'all'];

/** Ranked by average score only with at least this many scored interviews in the period. */
export const LEADERBOARD_MIN_SCORED = 3;
/** Rows per ranking. */
export const LEADERBOARD_SIZE = 10;

/** `up`/`down`: the last 3 scores of a dimension average at least this much above/below the earlier ones. */
export const TREND_THRESHOLD = 0.25;
/** How many of the most recent scored interviews the trend compares with the earlier ones. */
export const TREND_RECENT = 3;

export type Trend = 'up' | 'down' | 'flat';

/** One point of the scores-over-time chart: an interview's overall score (0-100) when it ended. */
export interface ScorePoint {
  date: Date;
  overallScore: number;
}

export interface DimensionStat {
  /** The rubric's dimension id (`requirements`, `estimation`, ...). */
  dimension: string;
  label: string;
  /** Mean of the dimension's scores (1-4) over every scored interview. */
  average: number;
  count: number;
  /** Mean of the last TREND_RECENT scores, and of the ones before them (null: none before). */
  recentAverage: number;
  earlierAverage: number | null;
  /** null: too few interviews to compare (nothing before the last TREND_RECENT). */
  trend: Trend | null;
}

export interface TopicCount {
  topic: string;
  count: number;
}

export interface StatsView {
  userId: string;
  displayName: string;
  /** Completed interviews with at least one answer. */
  sessionsCompleted: number;
  /** Of those, the ones with a final score (an evaluation with an overall score). */
  scoredSessions: number;
  /** Rounded to one decimal; null with no scored interview. */
  averageScore: number | null;
  bestScore: number | null;
  /** In the rubric's order; dimensions never scored are left out. */
  dimensions: DimensionStat[];
  /** ISO weeks (Monday to Sunday, UTC) in a row with a completed interview, up to this week (or last week while this one has none yet). */
  streakWeeks: number;
  /** This week already has a completed interview (else the streak counts up to last week and needs one this week to go on). */
  activeThisWeek: boolean;
  topicsPractised: TopicCount[];
  /** Catalog topics never completed, by name. */
  topicsNotTried: string[];
  /** Scored interviews, oldest first: the chart of scores over time. */
  series: ScorePoint[];
}

export interface LeaderboardRow {
  rank: number;
  userId: string;
  displayName: string;
  sessions: number;
  scored: number;
  averageScore: number | null;
}

export interface LeaderboardView {
  channelId: string;
  period: LeaderboardPeriod;
  /** Start of the period (UTC): Monday 00:00 this week, the 1st of this month; null for all time. */
  since: Date | null;
  minScored: number;
  bySessions: LeaderboardRow[];
  byAverage: LeaderboardRow[];
  /** The asker opted out, so they are not in it (the footer says how to opt in). */
  viewerOptedOut: boolean;
}
