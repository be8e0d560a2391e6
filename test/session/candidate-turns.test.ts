import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InterviewPlatformError } from '../../src/domain/errors.js';
import { storageBackends, type TestDatabase } from '../support/storage-backends.js';
import { actorFor, buildHarness, config, ownerIn, uniqueWorkspace, type Harness } from '../support/session-harness.js';

describe.each(storageBackends)('SessionManager.handleCandidateMessage on $name', (backend) => {
  let db: TestDatabase;
  let h: Harness;

  beforeAll(async () => {
    db = await backend.open();
    h = buildHarness(db.handle, { options: { maxMessageChars: 1_000 } });
  });
  afterAll(async () => {
    await h.close();
    await db.cleanup();
  });

  async function activeSession(modes = config().enabledModes) {
    const owner = ownerIn(uniqueWorkspace());
    const { session } = await h.manager.startSession((await h.manager.createSession(config({ enabledModes: modes }), owner)).id, actorFor(owner));
    return { owner, session };
  }

  it('stores the answer, asks the interviewer with the whole transcript and stores its reply next', async () => {
    const { owner, session } = await activeSession();
    h.clock.advance(5 * 60_000);
    const turn = await h.manager.handleCandidateMessage(session.id, { author: actorFor(owner), content: '  100M URLs a day  ', platformMessageId: 'm1' });
    expect(turn.duplicate).toBe(false);
    expect(turn.candidateMessage).toMatchObject({ seq: 2, role: 'candidate', content: '100M URLs a day', authorUserId: 'U1', platformMessageId: 'm1' });
    expect(turn.reply).toMatchObject({ seq: 3, role: 'interviewer', content: 're:100M URLs a day', replyToSeq: 2 });
    // The interviewer saw both earlier messages and the time left (45 min budget, 5 used).
    expect(turn.reply.metadata).toEqual({ seen: 2, remaining_ms: 40 * 60_000 });
    const transcript = await h.manager.getTranscript(session.id, owner);
    expect(transcript.map((m) => [m.seq, m.role])).toEqual([[1, 'interviewer'], [2, 'candidate'], [3, 'interviewer']]);
  });

  it('stores and answers the same platform message once, however often it arrives', async () => {
    const { owner, session } = await activeSession();
    const input = { author: actorFor(owner), content: 'Use a key-value store', platformMessageId: 'evt-42' };
    const first = await h.manager.handleCandidateMessage(session.id, input);
    const again = await h.manager.handleCandidateMessage(session.id, input);
    const [a, b] = await Promise.all([h.manager.handleCandidateMessage(session.id, input), h.manager.handleCandidateMessage(session.id, input)]);
    for (const repeat of [again, a, b]) {
      expect(repeat.duplicate).toBe(true);
      expect(repeat.reply).toEqual(first.reply);
      expect(repeat.candidateMessage).toEqual(first.candidateMessage);
    }
    expect(await h.manager.getTranscript(session.id, owner)).toHaveLength(3);
  });

  it('refuses empty, oversized and binary messages with a clear message and stores nothing', async () => {
    const { owner, session } = await activeSession();
    const cases: [string, RegExp][] = [
      ['   ', /empty/],
      ['x'.repeat(1_001), /1,001 characters; the limit is 1,000/],
      ['PNG\u0000\u0001\u0002\u0003binary', /binary/],
    ];
    for (const [content, message] of cases) {
      const error = (await h.manager.handleCandidateMessage(session.id, { author: actorFor(owner), content }).catch((e: unknown) => e)) as InterviewPlatformError;
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.userMessage).toMatch(message);
    }
    expect(await h.manager.getTranscript(session.id, owner)).toHaveLength(1);
  });

  it('refuses a mode the session did not enable', async () => {
    const { owner, session } = await activeSession(['text']);
    await expect(h.manager.handleCandidateMessage(session.id, { author: actorFor(owner), content: '[diagram]', mode: 'whiteboard' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('accepts a whiteboard message when whiteboard is enabled', async () => {
    const { owner, session } = await activeSession(['text', 'whiteboard']);
    const turn = await h.manager.handleCandidateMessage(session.id, { author: actorFor(owner), content: 'client -> LB -> app -> KV', mode: 'whiteboard' });
    expect(turn.candidateMessage.mode).toBe('whiteboard');
  });

  it('refuses input from anyone but the candidate', async () => {
    const { owner, session } = await activeSession();
    await expect(h.manager.handleCandidateMessage(session.id, { author: { ...actorFor(owner), userId: 'U9' }, content: 'let me answer' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await h.manager.getTranscript(session.id, owner)).toHaveLength(1);
  });

  it('refuses input while paused, and takes it again after resume', async () => {
    const { owner, session } = await activeSession();
    await h.manager.pauseSession(session.id, actorFor(owner));
    const error = (await h.manager.handleCandidateMessage(session.id, { author: actorFor(owner), content: 'still there?' }).catch((e: unknown) => e)) as InterviewPlatformError;
    expect(error.code).toBe('SESSION_NOT_ACTIVE');
    expect(error.userMessage).toContain('/interview resume');
    await h.manager.resumeSession(session.id, actorFor(owner));
    await h.manager.handleCandidateMessage(session.id, { author: actorFor(owner), content: 'back' });
    expect(await h.manager.getTranscript(session.id, owner)).toHaveLength(3);
  });

  it('keeps the answer when the interviewer fails, and answers it once on redelivery', async () => {
    const { owner, session } = await activeSession();
    h.interviewer.failOn = 'reply';
    const input = { author: actorFor(owner), content: 'Cache hot URLs in Redis', platformMessageId: 'm-fail' };
    try {
      const error = (await h.manager.handleCandidateMessage(session.id, input).catch((e: unknown) => e)) as InterviewPlatformError;
      expect(error.code).toBe('COMPONENT_FAILURE');
      expect(error.userMessage).toContain('Your message is saved');
    } finally {
      h.interviewer.failOn = null;
    }
    expect((await h.manager.getTranscript(session.id, owner)).map((m) => m.role)).toEqual(['interviewer', 'candidate']);
    const retried = await h.manager.handleCandidateMessage(session.id, input);
    expect(retried).toMatchObject({ duplicate: false, reply: { seq: 3, replyToSeq: 2 } });
    const again = await h.manager.handleCandidateMessage(session.id, input);
    expect(again).toMatchObject({ duplicate: true, reply: retried.reply });
    expect(await h.manager.getTranscript(session.id, owner)).toHaveLength(3);
  });

  it('does not find a session from another workspace or platform', async () => {
    const { owner, session } = await activeSession();
    const elsewhere = { ...actorFor(owner), workspaceId: 'T-other' };
    await expect(h.manager.handleCandidateMessage(session.id, { author: elsewhere, content: 'hi' })).rejects.toMatchObject({ code: 'SESSION_NOT_FOUND' });
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

  it('streams the reply to the caller while storing the whole text', async () => {
    const { owner, session } = await activeSession();
    const deltas: string[] = [];
    const turn = await h.manager.handleCandidateMessage(session.id, { author: actorFor(owner), content: 'stream me', onReplyDelta: (d) => deltas.push(d) });
    expect(deltas).toEqual(['re:', 'stream me']);
    expect(turn.reply.content).toBe('re:stream me');
  });

  it('says RATE_LIMITED, with the message kept, when the interviewer is rate limited', async () => {
    const { owner, session } = await activeSession();
    h.interviewer.failOn = 'rate-limit';
    try {
      const error = (await h.manager.handleCandidateMessage(session.id, { author: actorFor(owner), content: 'hello' }).catch((e: unknown) => e)) as InterviewPlatformError;
      expect(error.code).toBe('RATE_LIMITED');
      expect(error.userMessage).toContain('Your message is saved');
    } finally {
      h.interviewer.failOn = null;
    }
    expect((await h.manager.getTranscript(session.id, owner)).at(-1)).toMatchObject({ role: 'candidate', content: 'hello' });
  });
});
