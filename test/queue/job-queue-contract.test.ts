import { afterEach, describe, expect, it } from 'vitest';
import type { JobQueue } from '../../src/domain/ports.js';
import { memoryLogger } from '../support/memory-log.js';
import { queueBackends, until } from '../support/queue-backends.js';

// The semantics the jobs rely on, held to by both drivers.
describe.each(queueBackends)('JobQueue contract: $name', (backend) => {
  let queue: JobQueue;
  let prefix: string;
  const open = () => {
    prefix = backend.freshPrefix();
    queue = backend.create(memoryLogger().logger, { prefix });
    return queue;
  };
  afterEach(async () => {
    await queue.close(5_000);
    await backend.cleanup(prefix);
  });

  it('runs a job once per job id while it waits or runs', async () => {
    open();
    const seen: number[] = [];
    queue.process<{ n: number }>('work', async (data) => {
      seen.push(data.n);
      await new Promise((r) => setTimeout(r, 100));
    });
    await queue.enqueue('work', { n: 1 }, { jobId: 'same' });
    await queue.enqueue('work', { n: 2 }, { jobId: 'same' });
    await queue.enqueue('work', { n: 3 }, { jobId: 'other' });
    await until(() => seen.length === 2);
    await new Promise((r) => setTimeout(r, 200));
    expect(seen.sort()).toEqual([1, 3]);
  });

  it('retries with exponential backoff up to the attempts, reporting each attempt', async () => {
    open();
    const attempts: { attempt: number; max: number; at: number }[] = [];
    queue.process('flaky', async (_data, meta) => {
      attempts.push({ attempt: meta.attempt, max: meta.maxAttempts, at: Date.now() });
      if (meta.attempt < 3) throw new Error('not yet');
    });
    await queue.enqueue('flaky', {}, { attempts: 3, backoffMs: 100 });
    await until(() => attempts.length === 3);
    expect(attempts.map((a) => [a.attempt, a.max])).toEqual([[1, 3], [2, 3], [3, 3]]);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(90);
    expect(attempts[2]!.at - attempts[1]!.at).toBeGreaterThanOrEqual(180);
  });

  it('delays a job and cancels a delayed one', async () => {
    open();
    const ran: string[] = [];
    const start = Date.now();
    let firstAt = 0;
    queue.process<{ id: string }>('later', async (data) => {
      ran.push(data.id);
      firstAt ||= Date.now() - start;
    });
    await queue.enqueue('later', { id: 'kept' }, { jobId: 'kept', delayMs: 300 });
    await queue.enqueue('later', { id: 'cancelled' }, { jobId: 'cancelled', delayMs: 300 });
    await queue.remove('later', 'cancelled');
    await until(() => ran.length === 1);
    await new Promise((r) => setTimeout(r, 400));
    expect(ran).toEqual(['kept']);
    expect(firstAt).toBeGreaterThanOrEqual(280);
  });

  it('runs a repeatable schedule until closed', async () => {
    open();
    let ticks = 0;
    queue.process('tick', async () => {
      ticks += 1;
    });
    await queue.repeat('tick', 'every-200ms', 200, {});
    await until(() => ticks >= 2, 5_000, 'two ticks');
  });

  it('waits for a running job on close', async () => {
    open();
    let finished = false;
    let started = false;
    queue.process('slow', async () => {
      started = true;
      await new Promise((r) => setTimeout(r, 300));
      finished = true;
    });
    await queue.enqueue('slow', {});
    await until(() => started);
    await queue.close(5_000);
    expect(finished).toBe(true);
  });
});
