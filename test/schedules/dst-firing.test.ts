import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JobMeta } from '../../src/domain/ports.js';
import { InProcessJobQueue } from '../../src/queue/in-process-job-queue.js';
import { parseScheduleSpec } from '../../src/schedules/schedule-spec.js';
import { memoryLogger } from '../support/memory-log.js';

// The in-process driver on a fake clock (timers and Date): a `weekdays 10:00 Europe/Berlin`
// schedule fires at 10:00 Berlin time on both sides of each 2026 daylight-saving change.
describe('a weekdays 10:00 Europe/Berlin schedule on a fake clock', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  async function firings(startIso: string, days: number): Promise<{ due: string; ranAt: string }[]> {
    vi.setSystemTime(new Date(startIso));
    const queue = new InProcessJobQueue(memoryLogger().logger);
    const runs: { due: string; ranAt: string }[] = [];
    queue.process('practice-prompt', async (_data, meta: JobMeta) => {
      runs.push({ due: meta.scheduledFor!.toISOString(), ranAt: new Date().toISOString() });
    });
    const parsed = parseScheduleSpec('weekdays 10:00 Europe/Berlin');
    if (!parsed.ok) throw new Error(parsed.problem);
    await queue.schedule('practice-prompt', 'practice:dst', { pattern: parsed.spec.pattern, tz: parsed.spec.tz }, { scheduleId: 'dst' });
    for (let hour = 0; hour < days * 24; hour += 1) await vi.advanceTimersByTimeAsync(3600_000);
    await queue.close(100);
    return runs;
  }

  it('spring (2026-03-29): 09:00 UTC on Friday, 08:00 UTC from Monday, once each', async () => {
    const runs = await firings('2026-03-26T12:00:00Z', 6);
    expect(runs.map((r) => r.due)).toEqual(['2026-03-27T09:00:00.000Z', '2026-03-30T08:00:00.000Z', '2026-03-31T08:00:00.000Z', '2026-04-01T08:00:00.000Z']);
    for (const r of runs) expect(Date.parse(r.ranAt) - Date.parse(r.due)).toBeLessThan(1_000);
  });

  it('autumn (2026-10-25): 08:00 UTC on Friday, 09:00 UTC from Monday, once each', async () => {
    const runs = await firings('2026-10-22T12:00:00Z', 6);
    expect(runs.map((r) => r.due)).toEqual(['2026-10-23T08:00:00.000Z', '2026-10-26T09:00:00.000Z', '2026-10-27T09:00:00.000Z', '2026-10-28T09:00:00.000Z']);
    for (const r of runs) expect(Date.parse(r.ranAt) - Date.parse(r.due)).toBeLessThan(1_000);
  });
});
