import { describe, expect, it } from 'vitest';
import { InProcessJobQueue } from '../../src/queue/in-process-job-queue.js';
import { memoryLogger } from '../support/memory-log.js';

const until = async (check: () => boolean, ms = 2_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('InProcessJobQueue', () => {
  it('runs a job once per job id while it is waiting or running', async () => {
    const queue = new InProcessJobQueue(memoryLogger().logger);
    const seen: string[] = [];
    queue.process<{ n: number }>('work', async (data) => {
      seen.push(`run ${data.n}`);
      await new Promise((r) => setTimeout(r, 20));
    });
    await queue.enqueue('work', { n: 1 }, { jobId: 'same' });
    await queue.enqueue('work', { n: 2 }, { jobId: 'same' });
    await queue.enqueue('work', { n: 3 });
    await until(() => seen.length === 2);
    await queue.close();
    expect(seen.sort()).toEqual(['run 1', 'run 3']);
  });

  it('retries with exponential backoff and gives the attempt number', async () => {
    const queue = new InProcessJobQueue(memoryLogger().logger);
    const attempts: { attempt: number; at: number }[] = [];
    queue.process('flaky', async (_data, meta) => {
      attempts.push({ attempt: meta.attempt, at: Date.now() });
      if (meta.attempt < 3) throw new Error('not yet');
    });
    await queue.enqueue('flaky', {}, { attempts: 3, backoffMs: 20 });
    await until(() => attempts.length === 3);
    await queue.close();
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(18);
    expect(attempts[2]!.at - attempts[1]!.at).toBeGreaterThanOrEqual(38);
  });

  it('delays a job, and holds jobs until a handler is registered', async () => {
    const queue = new InProcessJobQueue(memoryLogger().logger);
    const ran: number[] = [];
    const start = Date.now();
    await queue.enqueue('later', {}, { delayMs: 50 });
    await new Promise((r) => setTimeout(r, 10));
    queue.process('later', async () => {
      ran.push(Date.now() - start);
    });
    await until(() => ran.length === 1);
    expect(ran[0]).toBeGreaterThanOrEqual(10);
    await queue.close();
  });

  it('waits for running jobs on close and refuses new ones', async () => {
    const queue = new InProcessJobQueue(memoryLogger().logger);
    let finished = false;
    queue.process('slow', async () => {
      await new Promise((r) => setTimeout(r, 50));
      finished = true;
    });
    await queue.enqueue('slow', {});
    await new Promise((r) => setTimeout(r, 5));
    await queue.close();
    expect(finished).toBe(true);
    await expect(queue.enqueue('slow', {})).rejects.toThrow('closed');
  });
});
