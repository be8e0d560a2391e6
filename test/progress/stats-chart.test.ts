import { describe, expect, it } from 'vitest';
import { statsChart, statsChartName } from '../../src/progress/stats-chart.js';
import { decodePng } from '../support/png.js';
import { emptyStats, sampleStats } from '../support/progress-fixtures.js';

describe('statsChart: the picture of /interview stats', () => {
  const now = new Date('2026-01-20T23:30:00Z');

  it('draws the scored interviews over time as a 1200 x 630 PNG, named by user and day, with alt text', async () => {
    const chart = (await statsChart(sampleStats(), { now }))!;
    expect(chart).toMatchObject({ name: 'stats-U1-2026-01-20.png', mimeType: 'image/png', title: 'Scores over time: Ada <Lovelace> *' });
    expect(chart.altText).toBe("Line chart of Ada <Lovelace> *'s overall scores out of 100, 2 scored interviews from 2026-01-05 to 2026-01-13: latest 85, best 90, average 72.5.");
    const png = decodePng(chart.content);
    expect([png.width, png.height]).toEqual([1200, 630]);
  });

  it('no scored interview: no picture', async () => {
    expect(await statsChart(emptyStats(), { now })).toBeNull();
  });

  it('a user id cannot leave the charts folder through the file name', () => {
    expect(statsChartName('../../etc/x y', now)).toBe('stats-.._.._etc_x_y-2026-01-20.png');
  });
});
