import { renderScoreTrendPng } from '../charts/chart-png.js';
import type { UploadedFile } from '../chat/chat-port.js';
import type { Logger } from '../logging/logger.js';
import { plural } from './progress-format.js';
import type { StatsView } from './progress-types.js';

/** A chart as a file: PNG bytes with a title and alt text. */
export type ChartFile = UploadedFile & { content: Buffer; mimeType: 'image/png'; title: string; altText: string };

const day = (date: Date) => date.toISOString().slice(0, 10);

/** `stats-<userId>-<yyyy-mm-dd>.png`, the date the stats were asked (UTC); only word characters, dots and dashes. */
export function statsChartName(userId: string, now: Date): string {
  return `stats-${userId.replace(/[^\w.-]/g, '_')}-${day(now)}.png`;
}

/**
 * `/interview stats`' picture: the scored interviews' overall scores over time (`stats.series`),
 * as a PNG file each adapter attaches to its private reply in its own way (console: a file under
 * the data folder; Discord: an attachment of the ephemeral reply; Slack: an upload into the
 * asker's direct messages, since an ephemeral message cannot carry a file). Drawn in the chart
 * worker, so it never holds the event loop. Null with no scored interview (no picture then), or
 * when the chart cannot be drawn (logged): the numbers never wait on their picture.
 */
export async function statsChart(stats: StatsView, options: { now?: Date; logger?: Logger } = {}): Promise<ChartFile | null> {
  const points = stats.series;
  if (points.length === 0) return null;
  const now = options.now ?? new Date();
  try {
    const { png } = await renderScoreTrendPng(points, { subtitle: `${stats.displayName} · ${plural(points.length, 'scored interview')}` });
    const first = points[0]!;
    const last = points[points.length - 1]!;
    const range = points.length === 1 ? `on ${day(first.date)}` : `from ${day(first.date)} to ${day(last.date)}`;
    return {
      name: statsChartName(stats.userId, now),
      content: png,
      mimeType: 'image/png',
      title: `Scores over time: ${stats.displayName}`,
      altText: `Line chart of ${stats.displayName}'s overall scores out of 100, ${plural(points.length, 'scored interview')} ${range}: latest ${last.overallScore}, best ${stats.bestScore ?? last.overallScore}, average ${stats.averageScore ?? last.overallScore}.`,
    };
  } catch (error) {
    options.logger?.warn({ operation: 'stats_chart', metadata: { points: points.length }, error }, 'Stats chart could not be drawn; the stats are shown without it');
    return null;
  }
}
