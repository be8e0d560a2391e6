import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { JobQueue } from '../../src/domain/ports.js';
import { InboundLoad } from '../../src/queue/inbound-load.js';
import { ACK_FIRST_MAX_WAIT_MS, SessionWork } from '../../src/queue/session-work.js';
import { memoryLogger } from '../support/memory-log.js';

/** The one JobQueue call SessionWork makes, recorded with when it came; anything else throws. */
function recordingQueue() {
  const sent: { at: number; ids: string[] }[] = [];
  const queue = new Proxy({} as JobQueue, {
    get(_, name) {
      if (name !== 'enqueueMany') throw new Error(`SessionWork called JobQueue.${String(name)}`);
      return async (jobs: { options?: { jobId?: string } }[]) => void sent.push({ at: performance.now(), ids: jobs.map((j) => j.options!.jobId!) });
    },
  });
  return { queue, sent };
}

const ref = (sessionId: string) => ({ platform: 'slack' as const, workspaceId: 'T1', sessionId });

describe('InboundLoad', () => {
  it('is idle on the next turn of the event loop when nothing is being handled', async () => {
    const load = new InboundLoad();
    let resolved = false;
    const idle = load.idle(1_000).then(() => (resolved = true));
    expect(resolved).toBe(false);
    await idle;
    expect(resolved).toBe(true);
  });

  it('waits until every event in hand is done, and a second done changes nothing', async () => {
    const load = new InboundLoad();
    const first = load.begin();
    const second = load.begin();
    let resolved = false;
    const idle = load.idle(5_000).then(() => (resolved = true));
    first();
    first();
    await sleep(20);
    expect(resolved).toBe(false);
    second();
    await idle;
    expect(resolved).toBe(true);
  });

  it('stops waiting after maxWaitMs when events keep arriving', async () => {
    const load = new InboundLoad();
    load.begin();
    const started = performance.now();
    await load.idle(50);
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
  });
});

describe('SessionWork with InboundLoad: acks first', () => {
  it('sends work handed over while events await their acks once they are acknowledged, in one enqueue', async () => {
    const load = new InboundLoad();
    const { queue, sent } = recordingQueue();
    const work = new SessionWork(queue, memoryLogger().logger, {}, load);
    const acks = [load.begin(), load.begin()];
    work.turn(ref('s1'), 1);
    await sleep(10);
    work.turn(ref('s2'), 1);
    await sleep(30);
    expect(sent).toEqual([]);
    acks.forEach((ack) => ack());
    await work.settle();
    expect(sent.map((s) => s.ids)).toEqual([['turn-s1-1', 'turn-s2-1']]);
  });

  it('sends at once when nothing awaits an ack, and after ACK_FIRST_MAX_WAIT_MS when the acks never end', async () => {
    const load = new InboundLoad();
    const { queue, sent } = recordingQueue();
    const work = new SessionWork(queue, memoryLogger().logger, {}, load);
    let started = performance.now();
    work.delivery(ref('s1'), 3);
    await work.settle();
    expect(sent[0]!.at - started).toBeLessThan(ACK_FIRST_MAX_WAIT_MS / 2);

    load.begin();
    started = performance.now();
    work.turn(ref('s1'), 4);
    await work.settle();
    expect(sent[1]!.ids).toEqual(['turn-s1-4']);
    expect(sent[1]!.at - started).toBeGreaterThanOrEqual(ACK_FIRST_MAX_WAIT_MS - 5);
  });
});
