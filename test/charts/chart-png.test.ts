import { describe, expect, it } from 'vitest';
import { renderDimensionChartPng, renderScoreTrendPng } from '../../src/charts/chart-png.js';
import { dimensionChartHeight, dimensionChartSvg } from '../../src/charts/dimension-chart-svg.js';
import { scoreTrendSvg } from '../../src/charts/score-trend-svg.js';
import { CHART_THEME } from '../../src/charts/svg-chart-theme.js';
import { decodePng, pngSize, type DecodedPng } from '../support/png.js';

const RUBRIC_DIMENSIONS = [
  ['Requirements', 3],
  ['Estimation', 2],
  ['API and data model', 4],
  ['High-level design', 3],
  ['Deep dive and scalability', 1],
  ['Trade-offs and reliability', 2],
  ['Communication', 3],
] as const;
const dimensions = RUBRIC_DIMENSIONS.map(([label, score]) => ({ label, score }));

const hex = (colour: string) => [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16));
const near = (px: number[], rgb: number[], tolerance = 6) => rgb.every((v, i) => Math.abs(px[i]! - v) <= tolerance);

/** Pixels of a row that have this colour. */
function runOf(img: DecodedPng, y: number, colour: string): number {
  let n = 0;
  for (let x = 0; x < img.width; x += 1) if (near(img.pixel(x, y), hex(colour))) n += 1;
  return n;
}

function distinctColours(img: DecodedPng): number {
  const seen = new Set<number>();
  for (let i = 0; i < img.pixels.length; i += 4) seen.add(img.pixels.readUInt32BE(i));
  return seen.size;
}

/** Dark (text) pixels in a box. */
function darkPixels(img: DecodedPng, x0: number, y0: number, x1: number, y1: number): number {
  let n = 0;
  for (let y = y0; y < y1; y += 1) for (let x = x0; x < x1; x += 1) if (img.pixel(x, y).slice(0, 3).every((v) => v < 100)) n += 1;
  return n;
}

describe('dimension chart', () => {
  it('is a PNG of the expected size: 800 x 462 for the seven rubric dimensions, 1.5 times that by default', async () => {
    const sharp = await renderDimensionChartPng({ dimensions, subtitle: 'URL shortener · 62/100 · Lean no hire' });
    expect(pngSize(sharp.png)).toEqual({ width: 1200, height: 693 });
    expect([sharp.width, sharp.height]).toEqual([1200, 693]);
    const plain = await renderDimensionChartPng({ dimensions }, { scale: 1 });
    expect(pngSize(plain.png)).toEqual({ width: 800, height: dimensionChartHeight(7) });
    expect(dimensionChartHeight(7)).toBe(462);
  });

  it('draws an opaque light card with dark labels and one bar per dimension, as long as its score', async () => {
    const { png } = await renderDimensionChartPng({ dimensions }, { scale: 1 });
    const img = decodePng(png);
    expect(distinctColours(img)).toBeGreaterThan(50);
    // Opaque everywhere (readable on a dark theme): no transparent pixel inside the card.
    expect(img.pixel(400, 8)[3]).toBe(255);
    expect(img.pixel(img.width / 2, img.height / 2)[3]).toBe(255);
    expect(near(img.pixel(20, 80), hex(CHART_THEME.background))).toBe(true);
    // The labels are drawn (the font loaded): dark pixels in the label column, one row each.
    expect(darkPixels(img, 28, 92, 270, 92 + 46)).toBeGreaterThan(100);
    expect(darkPixels(img, 28, 20, 400, 50)).toBeGreaterThan(200);
    // Rows are 46 px from y=92; bars span 0-4 over 458 px. Score 4 (green) is twice score 2 (orange).
    const rowMiddle = (i: number) => 92 + i * 46 + 23;
    const plot = 800 - 278 - 64;
    expect(runOf(img, rowMiddle(2), CHART_THEME.scoreColours[3])).toBeGreaterThan(plot - 6);
    expect(runOf(img, rowMiddle(1), CHART_THEME.scoreColours[1])).toBeGreaterThan(plot / 2 - 6);
    expect(runOf(img, rowMiddle(1), CHART_THEME.scoreColours[1])).toBeLessThan(plot / 2 + 6);
    expect(runOf(img, rowMiddle(4), CHART_THEME.scoreColours[0])).toBeGreaterThan(plot / 4 - 6);
    expect(runOf(img, rowMiddle(4), CHART_THEME.scoreColours[0])).toBeLessThan(plot / 4 + 6);
  });

  it('escapes labels and clips long ones', () => {
    const svg = dimensionChartSvg({ dimensions: [{ label: '<script>&"x"', score: 2 }, { label: 'x'.repeat(200), score: 9 }] });
    expect(svg).toContain('&lt;script&gt;&amp;&quot;x&quot;');
    expect(svg).not.toContain('x'.repeat(31));
    expect(svg).toContain('>4<'); // 9 is shown as the axis maximum
  });
});

describe('score trend chart', () => {
  const points = Array.from({ length: 9 }, (_, i) => ({ date: new Date(Date.UTC(2026, 8, 1 + i * 7)), overallScore: 30 + i * 6 }));

  it('is a PNG of 1200 x 630 (800 x 420 at scale 1) with the points, their scores and dates', async () => {
    const { png, width, height } = await renderScoreTrendPng(points, { subtitle: 'ana · 9 interviews' });
    expect(pngSize(png)).toEqual({ width: 1200, height: 630 });
    expect([width, height]).toEqual([1200, 630]);
    const img = decodePng((await renderScoreTrendPng(points, { scale: 1 })).png);
    expect([img.width, img.height]).toEqual([800, 420]);
    expect(distinctColours(img)).toBeGreaterThan(50);
    let line = 0;
    for (let y = 92; y < 360; y += 1) line += runOf(img, y, CHART_THEME.line);
    expect(line).toBeGreaterThan(1000);
    const svg = scoreTrendSvg({ points });
    expect(svg).toContain('>30<');
    expect(svg).toContain('>78<');
    expect(svg).toContain('1 Sep 2026');
    expect(svg).toContain('27 Oct 2026');
  });

  it('places points by date, sorted, and takes ISO strings', () => {
    const svg = scoreTrendSvg({ points: [{ date: '2026-03-10T00:00:00Z', overallScore: 80 }, { date: '2026-03-01T00:00:00Z', overallScore: 40 }, { date: 'not a date', overallScore: 99 }] });
    const xs = [...svg.matchAll(/<circle cx="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(xs).toHaveLength(2);
    expect(xs[0]).toBeLessThan(xs[1]!);
    expect(svg).not.toContain('>99<');
  });

  it('says so when there are no points', async () => {
    expect(scoreTrendSvg({ points: [] })).toContain('No scored interviews yet');
    expect(pngSize((await renderScoreTrendPng([])).png)).toEqual({ width: 1200, height: 630 });
  });
});
