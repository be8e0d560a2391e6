import { TREND_THRESHOLD, type Trend } from './progress-types.js';

/**
 * A dimension's direction: the average of its last few scores against the average of the ones
 * before (both from SQL). Up or down when they differ by TREND_THRESHOLD (a quarter point on
 * the 1-4 scale) or more, flat otherwise; null when there is nothing before to compare with.
 */
export function trendOf(recentAverage: number, earlierAverage: number | null): Trend | null {
  if (earlierAverage === null) return null;
  const change = recentAverage - earlierAverage;
  // Rounded first, so 0.25 computed as 0.2499999 is still a quarter point.
  const rounded = Math.round(change * 1000) / 1000;
  if (rounded >= TREND_THRESHOLD) return 'up';
  if (rounded <= -TREND_THRESHOLD) return 'down';
  return 'flat';
}
