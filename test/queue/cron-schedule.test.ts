import { afterEach, describe, expect, it } from 'vitest';
import type { JobMeta, JobQueue } from '../../src/domain/ports.js';
import { memoryLogger } from '../support/memory-log.js';
import { queueBackends, until } from '../support/queue-backends.js';

describe.each(queueBackends)('cron schedules on $name', (backend) => {
  let queue: JobQueue | undefined;
  let prefix = '';
  afterEach(async () => {
    await queue?.close(2_000);
    await backend.cleanup(prefix);
  });

  it('runs one job per due time with its scheduledFor, replaces on the same id, stops when unscheduled', async () => {
    prefix = backend.freshPrefix();
    queue = backend.create(memoryLogger().logger, { prefix });
    const runs: { data: unknown; meta: JobMeta }[] = [];
    queue.process('practice-prompt', async (data, meta) => {
      runs.push({ data, meta });
    });
    await queue.schedule('practice-prompt', 's1', { pattern: '* * * * * *', tz: 'Europe/Berlin' }, { n: 1 });
    // The same id again is one schedule, with the newer data.
    await queue.schedule('practice-prompt', 's1', { pattern: '* * * * * *', tz: 'Europe/Berlin' }, { n: 2 });
    expect(await queue.hasSchedule('practice-prompt', 's1')).toBe(true);
    await until(() => runs.length >= 3, 10_000, 'three runs');
    await queue.unschedule('practice-prompt', 's1');
    expect(await queue.hasSchedule('practice-prompt', 's1')).toBe(false);
    const stopped = runs.length;
    await new Promise((r) => setTimeout(r, 1_500));
    expect(runs.length).toBeLessThanOrEqual(stopped + 1);
    const due = runs.map((r) => r.meta.scheduledFor!.getTime());
    expect(new Set(due).size).toBe(due.length);
    for (const t of due) expect(t % 1000).toBe(0);
    expect(runs.at(-1)!.data).toEqual({ n: 2 });
    // Unscheduling an unknown id is not an error.
    await queue.unschedule('practice-prompt', 'never-there');
  });
});
