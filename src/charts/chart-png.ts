import { dimensionChartSvg, type DimensionChartInput } from './dimension-chart-svg.js';
import { renderSvgToPng, type PngOptions, type RenderedPng } from './render-png.js';
import { scoreTrendSvg, type ScorePoint, type ScoreTrendInput } from './score-trend-svg.js';

export type { DimensionChartInput, PngOptions, RenderedPng, ScorePoint };

/** Scale, and the chart's title, subtitle and reference lines. */
export type ScoreTrendOptions = PngOptions & Omit<ScoreTrendInput, 'points'>;

/** The evaluation card's picture: a bar per rubric dimension, 0-4 (800 x 462 at scale 1 for seven dimensions, 1200 x 693 by default). */
export async function renderDimensionChartPng(input: DimensionChartInput, options: PngOptions = {}): Promise<RenderedPng> {
  return renderSvgToPng(dimensionChartSvg(input), options);
}

/** `stats`' picture: overall scores (0-100) over time, 800 x 420 at scale 1 (1200 x 630 by default). */
export async function renderScoreTrendPng(points: ScorePoint[], options: ScoreTrendOptions = {}): Promise<RenderedPng> {
  const { scale, ...chart } = options;
  return renderSvgToPng(scoreTrendSvg({ ...chart, points }), { scale });
}
