import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InterviewPlatformError } from '../../src/domain/errors.js';
import { until } from '../support/queue-backends.js';
import { storageBackends, type TestDatabase } from '../support/storage-backends.js';
import { actorFor, buildHarness, config, ownerIn, uniqueWorkspace, type Harness } from '../support/session-harness.js';

describe.each(storageBackends)('candidate turns as durable jobs on $name', (backend) => {
  let db: TestDatabase;
  let h: Harness;

  beforeAll(async () => {
    db = await backend.open();
    h = await buildHarness(db.handle, { options: { maxMessageChars: 1_000 } });
  });
  afterAll(async () => {
    await h.close();
    await db.cleanup();
  });

  async function activeSession(modes = config().enabledModes, thread?: string) {
    const owner = ownerIn(uniqueWorkspace());
    const location = thread ? { channelId: 'C1', threadId: thread } : undefined;
    const { session } = await h.manager.startSession((await h.manager.createSession(config({ enabledModes: modes }), owner, location)).id, actorFor(owner));
    return { owner, session };
  }
  const transcriptOf = (session: { id: string }, owner: ReturnType<typeof ownerIn>) => h.manager.getTranscript(session.id, owner);

  it('records the answer with a pending turn, and a worker stores the reply to it', async () => {
    const { owner, session } = await activeSession();
    h.clock.advance(5 * 60_000);
    const recorded = await h.manager.submitCandidateMessage(session.id, { author: actorFor(owner), content: '  100M URLs a day  ', platformMessageId: 'm1' });
    expect(recorded).toMatchObject({ duplicate: false, pending: true });
    expect(recorded.message).toMatchObject({ seq: 2, role: 'candidate', content: '100M URLs a day', authorUserId: 'U1', platformMessageId: 'm1' });
    const reply = await h.manager.awaitReply(session.id, owner, 2);
    expect(reply).toMatchObject({ seq: 3, role: 'interviewer', content: 're:100M URLs a day', replyToSeq: 2 });
    // The interviewer saw both earlier messages and the time left (45 min budget, 5 used).
    expect(reply!.metadata).toEqual({ seen: 2, remaining_ms: 40 * 60_000 });
    expect((await transcriptOf(session, owner)).map((m) => [m.seq, m.role])).toEqual([[1, 'interviewer'], [2, 'candidate'], [3, 'interviewer']]);
  });

  it('stores and answers the same platform message once, however often and however concurrently it arrives', async () => {
    const { owner, session } = await activeSession();
    const input = { author: actorFor(owner), content: 'Use a key-value store', platformMessageId: 'evt-42' };
    const before = h.interviewer.replies;
    const all = await Promise.all([1, 2, 3, 4].map(() => h.manager.submitCandidateMessage(session.id, input)));
    expect(all.filter((r) => !r.duplicate)).toHaveLength(1);
    for (const r of all) expect(r.message.seq).toBe(2);
    await h.manager.awaitReply(session.id, owner, 2);
    const again = await h.manager.submitCandidateMessage(session.id, input);
    expect(again).toMatchObject({ duplicate: true, pending: false });
    await new Promise((r) => setTimeout(r, 100));
    expect(await transcriptOf(session, owner)).toHaveLength(3);
    expect(h.interviewer.replies - before).toBe(1);
  });

  it('answers a burst strictly in order, each reply to its own message', async () => {
    const { owner, session } = await activeSession();
    h.interviewer.replyDelayMs = 5;
    try {
      const sent = Array.from({ length: 6 }, (_, i) => `part ${i}`);
      const recorded = [];
      for (const content of sent) recorded.push(await h.manager.submitCandidateMessage(session.id, { author: actorFor(owner), content }));
      await h.manager.awaitReply(session.id, owner, recorded.at(-1)!.message.seq);
    } finally {
      h.interviewer.replyDelayMs = 0;
    }
    const transcript = await transcriptOf(session, owner);
    expect(transcript.map((m) => m.seq)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
    const replies = transcript.filter((m) => m.role === 'interviewer' && m.replyToSeq !== null);
    expect(replies).toHaveLength(6);
    expect(replies.map((r) => r.replyToSeq)).toEqual([...replies.map((r) => r.replyToSeq!)].sort((a, b) => a - b));
    for (const reply of replies) expect(reply.content).toBe(`re:${transcript.find((m) => m.seq === reply.replyToSeq)!.content}`);
  });

  it('refuses empty, oversized and binary messages with a clear message and stores nothing', async () => {
    const { owner, session } = await activeSession();
    const cases: [string, RegExp][] = [
      ['   ', /empty/],
      ['x'.repeat(1_001), /1,001 characters; the limit is 1,000/],
      ['PNG\u0000\u0001\u0002\u0003binary', /binary/],
    ];
    for (const [content, message] of cases) {
      const error = (await h.manager.submitCandidateMessage(session.id, { author: actorFor(owner), content }).catch((e: unknown) => e)) as InterviewPlatformError;
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.userMessage).toMatch(message);
    }
    expect(await transcriptOf(session, owner)).toHaveLength(1);
  });

  it('refuses a mode the session did not enable, and takes whiteboard input when enabled', async () => {
    const textOnly = await activeSession(['text']);
    await expect(h.manager.submitCandidateMessage(textOnly.session.id, { author: actorFor(textOnly.owner), content: '[diagram]', mode: 'whiteboard' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    const both = await activeSession(['text', 'whiteboard']);
    const recorded = await h.manager.submitCandidateMessage(both.session.id, { author: actorFor(both.owner), content: 'client -> LB -> app -> KV', mode: 'whiteboard' });
    expect(recorded.message.mode).toBe('whiteboard');
  });

  it('refuses input from anyone but the candidate', async () => {
    const { owner, session } = await activeSession();
    await expect(h.manager.submitCandidateMessage(session.id, { author: { ...actorFor(owner), userId: 'U9' }, content: 'let me answer' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await transcriptOf(session, owner)).toHaveLength(1);
  });

  it('refuses input while paused, and takes it again after resume', async () => {
    const { owner, session } = await activeSession();
    await h.manager.pauseSession(session.id, actorFor(owner));
    const error = (await h.manager.submitCandidateMessage(session.id, { author: actorFor(owner), content: 'still there?' }).catch((e: unknown) => e)) as InterviewPlatformError;
    expect(error.code).toBe('SESSION_NOT_ACTIVE');
    expect(error.userMessage).toContain('/interview resume');
    await h.manager.resumeSession(session.id, actorFor(owner));
    await h.turn(session.id, { author: actorFor(owner), content: 'back' });
    expect(await transcriptOf(session, owner)).toHaveLength(3);
  });

  it('retries a turn whose interviewer failed, and answers it once it recovers', async () => {
    const { owner, session } = await activeSession();
    h.interviewer.replyFailuresLeft = 2;
    const turn = await h.turn(session.id, { author: actorFor(owner), content: 'Cache hot URLs in Redis', platformMessageId: 'm-fail' });
    expect(turn.reply).toMatchObject({ seq: 3, replyToSeq: 2, content: 're:Cache hot URLs in Redis' });
    expect(await transcriptOf(session, owner)).toHaveLength(3);
  });

  it('closes a turn the interviewer cannot answer after its attempts, keeps the message, and tells the candidate privately', async () => {
    const { owner, session } = await activeSession(undefined, `t-${uniqueWorkspace()}`);
    h.interviewer.failOn = 'rate-limit';
    let reply;
    try {
      const recorded = await h.manager.submitCandidateMessage(session.id, { author: actorFor(owner), content: 'hello' });
      reply = await h.manager.awaitReply(session.id, owner, recorded.message.seq);
    } finally {
      h.interviewer.failOn = null;
    }
    expect(reply).toBeNull();
    expect((await transcriptOf(session, owner)).at(-1)).toMatchObject({ role: 'candidate', content: 'hello' });
    const told = h.chat.privates.find((p) => p.target.threadId === session.threadId || p.userId === owner.userId);
    expect(told?.message).toMatchObject({ kind: 'notice', text: expect.stringContaining('Your message is saved') });
    // The next message is answered, with the unanswered one in view.
    const next = await h.turn(session.id, { author: actorFor(owner), content: 'anyone there?' });
    expect(next.reply).toMatchObject({ content: 're:anyone there?', metadata: { seen: 3 } });
  });

  it('does not answer a pending turn of a session that ended first', async () => {
    const { owner, session } = await activeSession();
    h.interviewer.replyDelayMs = 50;
    try {
      const first = await h.manager.submitCandidateMessage(session.id, { author: actorFor(owner), content: 'one' });
      const second = await h.manager.submitCandidateMessage(session.id, { author: actorFor(owner), content: 'two' });
      await h.manager.endSession(session.id, actorFor(owner));
      await h.manager.awaitReply(session.id, owner, first.message.seq);
      expect(await h.manager.awaitReply(session.id, owner, second.message.seq)).toBeNull();
    } finally {
      h.interviewer.replyDelayMs = 0;
    }
  });

  it('does not find a session from another workspace or platform', async () => {
    const { owner, session } = await activeSession();
    const elsewhere = { ...actorFor(owner), workspaceId: 'T-other' };
    await expect(h.manager.submitCandidateMessage(session.id, { author: elsewhere, content: 'hi' })).rejects.toMatchObject({ code: 'SESSION_NOT_FOUND' });
    await expect(h.manager.getSession(session.id, { platform: 'discord', workspaceId: owner.workspaceId })).rejects.toMatchObject({ code: 'SESSION_NOT_FOUND' });
    await expect(h.manager.endSession(session.id, elsewhere)).rejects.toMatchObject({ code: 'SESSION_NOT_FOUND' });
    await expect(h.manager.getTranscript(session.id, elsewhere)).rejects.toMatchObject({ code: 'SESSION_NOT_FOUND' });
  });

  it('finds the session by its thread within the workspace only', async () => {
    const owner = ownerIn(uniqueWorkspace());
    const created = await h.manager.createSession(config(), owner);
    await h.manager.attachThread(created.id, actorFor(owner), { channelId: 'C9', threadId: '99.1' });
    expect((await h.manager.findSessionByThread(owner, { channelId: 'C9', threadId: '99.1' }))?.id).toBe(created.id);
    expect(await h.manager.findSessionByThread({ ...owner, workspaceId: 'T-x' }, { channelId: 'C9', threadId: '99.1' })).toBeNull();
    const other = ownerIn(owner.workspaceId, 'U7');
    await expect(h.manager.createSession(config(), other, { channelId: 'C9', threadId: '99.1' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('posts the opening question and each reply in the thread, in order, through deliveries', async () => {
    const thread = `t-${uniqueWorkspace()}`;
    const { owner, session } = await activeSession(undefined, thread);
    await h.turn(session.id, { author: actorFor(owner), content: 'first' });
    await h.turn(session.id, { author: actorFor(owner), content: 'second' });
    await until(() => h.chat.postsFor(thread).length === 3, 20_000, 'three posts');
    expect(h.chat.postsFor(thread).map((p) => (p.message as { text: string }).text)).toEqual([expect.stringContaining("Let's design"), 're:first', 're:second']);
    // Every post carries its delivery's key, for reconciliation on platforms that can.
    expect(h.chat.postsFor(thread).map((p) => p.options?.idempotencyKey)).toEqual([`${session.id}:1`, `${session.id}:2`, `${session.id}:3`]);
  });

  it('shows typing for a slow, streaming interviewer, and the reply arrives whole', async () => {
    const thread = `t-${uniqueWorkspace()}`;
    const { owner, session } = await activeSession(undefined, thread);
    const typing = h.chat.typing;
    h.interviewer.streams = true;
    try {
      await h.turn(session.id, { author: actorFor(owner), content: 'stream me' });
    } finally {
      h.interviewer.streams = false;
    }
    expect(h.chat.typing).toBeGreaterThan(typing);
    await until(() => h.chat.postsFor(thread).some((p) => (p.message as { text?: string }).text === 're:stream me'), 20_000, 'reply posted');
  });
});
