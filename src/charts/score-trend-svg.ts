import { CHART_THEME, chartCard, clip, escapeSvgText, svgDocument } from './svg-chart-theme.js';

/** One scored interview: when it ended and its overall 0-100 score. */
export interface ScorePoint {
  date: Date | string;
  overallScore: number;
}

export interface ScoreTrendInput {
  points: ScorePoint[];
  title?: string;
  /** e.g. "@ana · 12 interviews". */
  subtitle?: string;
  /** Dashed reference lines with their labels (default: the rubric's bands, hire 65 and strong hire 80). */
  thresholds?: { score: number; label: string }[];
}

export const SCORE_TREND_WIDTH = 800;
export const SCORE_TREND_HEIGHT = 420;
const LEFT = 64;
const RIGHT = 104;
const TOP = 92;
const BOTTOM = 60;
const DEFAULT_THRESHOLDS = [
  { score: 65, label: 'Hire' },
  { score: 80, label: 'Strong hire' },
];

/**
 * Overall scores over time: a 0-100 axis, dated points joined in order, each with its score,
 * placed by date (not evenly), with the hire bands as dashed lines. No points: the card says so.
 */
export function scoreTrendSvg(input: ScoreTrendInput): string {
  const t = CHART_THEME;
  const width = SCORE_TREND_WIDTH;
  const height = SCORE_TREND_HEIGHT;
  const plot = { left: LEFT, right: width - RIGHT, top: TOP, bottom: height - BOTTOM };
  const yOf = (score: number) => plot.bottom - ((plot.bottom - plot.top) * Math.max(0, Math.min(100, score))) / 100;
  const parts = [chartCard(width, height, input.title ?? 'Overall score over time', input.subtitle)];
  for (const s of [0, 25, 50, 75, 100]) {
    const y = yOf(s);
    parts.push(`<line x1="${plot.left}" y1="${y}" x2="${plot.right}" y2="${y}" stroke="${s === 0 ? t.axis : t.grid}" stroke-width="1"/>`);
    parts.push(`<text x="${plot.left - 10}" y="${y + 5}" font-size="${t.smallSize}" fill="${t.muted}" text-anchor="end">${s}</text>`);
  }
  for (const th of input.thresholds ?? DEFAULT_THRESHOLDS) {
    const y = yOf(th.score);
    parts.push(`<line x1="${plot.left}" y1="${y}" x2="${plot.right}" y2="${y}" stroke="${t.axis}" stroke-width="1" stroke-dasharray="6 5"/>`);
    parts.push(`<text x="${plot.right + 8}" y="${y + 4}" font-size="${t.smallSize - 1}" fill="${t.muted}">${escapeSvgText(clip(th.label, 13))}</text>`);
  }
  const points = input.points
    .map((p) => ({ time: new Date(p.date).getTime(), score: p.overallScore }))
    .filter((p) => Number.isFinite(p.time) && Number.isFinite(p.score))
    .sort((a, b) => a.time - b.time);
  if (points.length === 0) {
    parts.push(`<text x="${(plot.left + plot.right) / 2}" y="${(plot.top + plot.bottom) / 2}" font-size="${t.labelSize}" fill="${t.muted}" text-anchor="middle">No scored interviews yet</text>`);
    return svgDocument(width, height, parts.join(''));
  }
  const first = points[0]!.time;
  const last = points[points.length - 1]!.time;
  const inset = 24;
  const xOf = (time: number) => (last === first ? (plot.left + plot.right) / 2 : plot.left + inset + ((plot.right - plot.left - 2 * inset) * (time - first)) / (last - first));
  const xy = points.map((p) => ({ x: xOf(p.time), y: yOf(p.score), ...p }));
  if (xy.length > 1) {
    parts.push(`<polyline points="${xy.map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ')}" fill="none" stroke="${t.line}" stroke-width="3" stroke-linejoin="round"/>`);
  }
  // Numbers on the points only while they fit (about 24 points on this width).
  const labelEvery = Math.max(1, Math.ceil(xy.length / 24));
  for (const [i, p] of xy.entries()) {
    parts.push(`<circle cx="${p.x.toFixed(1)}" cy="${p.y.toFixed(1)}" r="5" fill="${t.background}" stroke="${t.line}" stroke-width="3"/>`);
    if (i % labelEvery === 0 || i === xy.length - 1) {
      parts.push(`<text x="${p.x.toFixed(1)}" y="${(p.y - 12).toFixed(1)}" font-size="${t.smallSize}" font-weight="600" fill="${t.text}" text-anchor="middle">${Math.round(p.score)}</text>`);
    }
  }
  // Dates under the axis: the first, the last, and up to three between, where they do not collide.
  const ticks = xy.length <= 5 ? xy : [0, 0.25, 0.5, 0.75, 1].map((f) => xy[Math.round(f * (xy.length - 1))]!);
  let lastX = -Infinity;
  for (const p of ticks) {
    if (p.x - lastX < 90) continue;
    lastX = p.x;
    parts.push(`<text x="${p.x.toFixed(1)}" y="${plot.bottom + 24}" font-size="${t.smallSize}" fill="${t.muted}" text-anchor="middle">${formatDate(p.time)}</text>`);
  }
  return svgDocument(width, height, parts.join(''));
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "3 Nov 2026" (UTC): short, and unambiguous in every locale. */
function formatDate(time: number): string {
  const d = new Date(time);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}
