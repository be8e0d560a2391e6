import { CHART_THEME, chartCard, clip, escapeSvgText, svgDocument } from './svg-chart-theme.js';

export interface DimensionBar {
  label: string;
  /** 0-4 (the rubric scores 1-4; 0 is the axis origin). */
  score: number;
}

export interface DimensionChartInput {
  dimensions: DimensionBar[];
  title?: string;
  /** e.g. "URL shortener · 72/100 · Hire". */
  subtitle?: string;
}

export const DIMENSION_CHART_WIDTH = 800;
const TOP = 92;
const ROW = 46;
const BOTTOM = 48;
const LABEL_WIDTH = 250;
const RIGHT = 64;
export const MAX_DIMENSION_SCORE = 4;

/** The chart's height for this many dimensions (seven rubric dimensions: 462). */
export function dimensionChartHeight(count: number): number {
  return TOP + Math.max(1, count) * ROW + BOTTOM;
}

/**
 * Horizontal bars, one per rubric dimension, on a 0-4 axis with a gridline per score; each bar
 * is coloured by its score and ends with the number. Labels are long ("Deep dive and
 * scalability"), which bars show whole where a radar would crowd them.
 */
export function dimensionChartSvg(input: DimensionChartInput): string {
  const t = CHART_THEME;
  const width = DIMENSION_CHART_WIDTH;
  const height = dimensionChartHeight(input.dimensions.length);
  const x0 = 28 + LABEL_WIDTH;
  const plotWidth = width - x0 - RIGHT;
  const xOf = (score: number) => x0 + (plotWidth * score) / MAX_DIMENSION_SCORE;
  const parts = [chartCard(width, height, input.title ?? 'Scores by dimension', input.subtitle)];
  const plotBottom = TOP + input.dimensions.length * ROW;
  for (let s = 0; s <= MAX_DIMENSION_SCORE; s += 1) {
    const x = xOf(s);
    parts.push(`<line x1="${x}" y1="${TOP - 6}" x2="${x}" y2="${plotBottom}" stroke="${s === 0 ? t.axis : t.grid}" stroke-width="1"/>`);
    parts.push(`<text x="${x}" y="${plotBottom + 22}" font-size="${t.smallSize}" fill="${t.muted}" text-anchor="middle">${s}</text>`);
  }
  for (const [i, d] of input.dimensions.entries()) {
    const score = Math.max(0, Math.min(MAX_DIMENSION_SCORE, Number.isFinite(d.score) ? d.score : 0));
    const y = TOP + i * ROW;
    const colour = t.scoreColours[Math.max(0, Math.min(3, Math.round(score) - 1))]!;
    parts.push(`<text x="28" y="${y + ROW / 2 + 5}" font-size="${t.labelSize}" fill="${t.text}">${escapeSvgText(clip(d.label, 30))}</text>`);
    const barWidth = Math.max(score > 0 ? 3 : 0, xOf(score) - x0);
    if (barWidth > 0) parts.push(`<rect x="${x0}" y="${y + 9}" width="${barWidth}" height="${ROW - 18}" rx="4" fill="${colour}"/>`);
    parts.push(`<text x="${x0 + barWidth + 8}" y="${y + ROW / 2 + 5}" font-size="${t.labelSize}" font-weight="600" fill="${t.text}">${formatScore(score)}</text>`);
  }
  return svgDocument(width, height, parts.join(''));
}

function formatScore(score: number): string {
  return Number.isInteger(score) ? String(score) : score.toFixed(1);
}
