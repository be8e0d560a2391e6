import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVALUATION_JOB } from '../../src/domain/ports.js';
import { until } from '../support/queue-backends.js';
import { actorFor, buildHarness, config, ownerIn, uniqueWorkspace, type Harness } from '../support/session-harness.js';
import { storageBackends, type TestDatabase } from '../support/storage-backends.js';

describe.each(storageBackends)('evaluation job on $name', (backend) => {
  let db: TestDatabase;
  let h: Harness;

  beforeAll(async () => {
    db = await backend.open();
    h = await buildHarness(db.handle);
  });
  afterAll(async () => {
    await h.close();
    await db.cleanup();
  });

  async function ended(thread: string, beforeEnd: () => void = () => undefined) {
    const owner = ownerIn(uniqueWorkspace());
    const created = await h.manager.createSession(config(), owner, { channelId: 'C1', threadId: thread });
    await h.manager.startSession(created.id, actorFor(owner));
    await h.turn(created.id, { author: actorFor(owner), content: 'Shorten and redirect.' });
    await h.turn(created.id, { author: actorFor(owner), content: 'Base62 from a counter.' });
    beforeEnd();
    await h.manager.endSession(created.id, actorFor(owner));
    return { owner, id: created.id, ref: { ...owner, sessionId: created.id } };
  }

  // The thread also holds the opening question and the replies; these tests are about what follows the end.
  const afterEnd = (thread: string) => h.chat.postsFor(thread).filter((p) => p.message.kind !== 'question');

  it('retries a failed post without scoring again, and posts once', async () => {
    const calls = h.scorer.calls;
    const { id, ref } = await ended('j-post-retry', () => (h.chat.failuresLeft = 1));
    await until(() => afterEnd('j-post-retry').length === 1, 20_000, 'posted');
    expect(h.scorer.calls - calls).toBe(1);
    // The same job again (a redelivery) promises the same card, which is already posted.
    await h.queue.enqueue(EVALUATION_JOB, ref, { jobId: `again-${id}` });
    await new Promise((r) => setTimeout(r, 200));
    expect(afterEnd('j-post-retry')).toHaveLength(1);
    const card = await h.store.deliveries.find(ref, 4);
    expect(card).toMatchObject({ kind: 'evaluation', status: 'posted', attempts: 2, platformMessageId: afterEnd('j-post-retry')[0]!.messageId });
  });

  it('after the last failed attempt tells the candidate how to retry, and the retry delivers', async () => {
    h.scorer.failuresLeft = 3;
    const { owner, id } = await ended('j-fail');
    await until(() => afterEnd('j-fail').length === 1, 20_000, 'failure notice');
    const [notice] = afterEnd('j-fail');
    expect(notice!.message).toMatchObject({ kind: 'notice', tone: 'error', text: expect.stringContaining('/interview retry-evaluation') });
    expect((await h.manager.awaitEvaluation(id, owner, 1_000)).status).toBe('failed');

    await expect(h.manager.retryEvaluation(id, { ...actorFor(owner), userId: 'someone-else' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await h.manager.retryEvaluation(id, actorFor(owner));
    const report = await h.manager.awaitEvaluation(id, owner, 20_000);
    expect(report.status).toBe('completed');
    await until(() => afterEnd('j-fail').length === 2, 20_000, 'evaluation posted');
    expect(afterEnd('j-fail')[1]!.message).toMatchObject({ kind: 'evaluation', report: { sessionId: id, status: 'completed' } });
    // Nothing to retry once it succeeded.
    await expect(h.manager.retryEvaluation(id, actorFor(owner))).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
  });

  it('a job for an interview deleted since (forget-me) ends quietly: nothing owed, nothing logged above info', async () => {
    const { ref } = await ended('j-deleted');
    await until(() => afterEnd('j-deleted').length === 1, 20_000, 'posted');
    const missing = { ...ref, sessionId: '00000000-0000-4000-8000-000000000000' };
    const calls = h.scorer.calls;
    const jobId = `gone-${ref.sessionId}`;
    await h.queue.enqueue(EVALUATION_JOB, missing, { jobId });
    await new Promise((r) => setTimeout(r, 300));
    expect(h.scorer.calls).toBe(calls);
    const loud = h.logs.lines().filter((e) => /^(warn|error|fatal)$/i.test(String(e.level)) && JSON.stringify(e).includes(jobId));
    expect(loud).toEqual([]);
  });

  it('stores the evaluation even when the session has no thread to post in', async () => {
    const owner = ownerIn(uniqueWorkspace());
    const created = await h.manager.createSession(config(), owner);
    await h.manager.startSession(created.id, actorFor(owner));
    await h.manager.endSession(created.id, actorFor(owner));
    expect((await h.manager.awaitEvaluation(created.id, owner, 20_000)).status).toBe('insufficient_data');
  });
});
