import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionSummary } from '../../src/domain/types.js';
import { storageBackends, type TestDatabase } from '../support/storage-backends.js';
import { actorFor, buildHarness, config, ownerIn, uniqueWorkspace, type Harness } from '../support/session-harness.js';

describe.each(storageBackends)('SessionManager history on $name', (backend) => {
  let db: TestDatabase;
  let h: Harness;
  const owner = ownerIn(uniqueWorkspace('H'));
  const topics = Array.from({ length: 7 }, (_, i) => `Topic ${i}`);

  beforeAll(async () => {
    db = await backend.open();
    h = await buildHarness(db.handle);
    // Seven finished interviews a minute apart, each with i+1 answers (the scorer gives 10 per answer).
    for (const [i, topic] of topics.entries()) {
      const { session } = await h.manager.startSession((await h.manager.createSession(config({ topic }), owner)).id, actorFor(owner));
      for (let n = 0; n <= i; n += 1) await h.turn(session.id, { author: actorFor(owner), content: `answer ${n}` });
      h.clock.advance((i + 1) * 60_000);
      await h.manager.endSession(session.id, actorFor(owner));
      await h.manager.awaitEvaluation(session.id, owner, 5_000);
      h.clock.advance(60_000);
    }
    // Noise that must never show up: another user, another workspace, another platform.
    await h.manager.createSession(config({ topic: 'not mine' }), { ...owner, userId: 'U2' });
    await h.manager.createSession(config({ topic: 'other team' }), ownerIn(uniqueWorkspace('H')));
    await h.manager.createSession(config({ topic: 'other platform' }), { ...owner, platform: 'discord' });
    // And one live session of the owner's, newest of all.
    await h.manager.createSession(config({ topic: 'in progress' }), owner);
  });
  afterAll(async () => {
    await h.close();
    await db.cleanup();
  });

  it('lists most recent first with date, duration, topic, status and score', async () => {
    const page = await h.manager.listSessions({ owner, limit: 50 });
    expect(page.items.map((s) => s.topic)).toEqual(['in progress', ...[...topics].reverse()]);
    expect(page.nextCursor).toBeNull();
    const oldest = page.items.at(-1)!;
    expect(oldest).toMatchObject({ status: 'completed', activeDurationMs: 60_000, overallScore: null });
    const newestDone = page.items[1]!;
    expect(newestDone).toMatchObject({ topic: 'Topic 6', status: 'completed', activeDurationMs: 7 * 60_000, overallScore: 70 });
    expect(newestDone.createdAt).toBeInstanceOf(Date);
    expect(newestDone.endedAt!.getTime() - newestDone.startedAt!.getTime()).toBe(7 * 60_000);
    const dates = page.items.map((s) => s.createdAt.getTime());
    expect([...dates].sort((x, y) => y - x)).toEqual(dates);
  });

  it('filters completed sessions', async () => {
    const page = await h.manager.listSessions({ owner, status: 'completed', limit: 50 });
    expect(page.items).toHaveLength(7);
    expect(page.items.every((s) => s.status === 'completed')).toBe(true);
  });

  it('pages by offset', async () => {
    const first = await h.manager.listSessions({ owner, limit: 3, offset: 0 });
    const second = await h.manager.listSessions({ owner, limit: 3, offset: 3 });
    const last = await h.manager.listSessions({ owner, limit: 3, offset: 6 });
    expect([...first.items, ...second.items, ...last.items].map((s) => s.topic)).toEqual(['in progress', ...[...topics].reverse()]);
  });

  it('pages by keyset cursor without overlap or gap', async () => {
    const seen: SessionSummary[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await h.manager.listSessions({ owner, limit: 3, cursor });
      seen.push(...page.items);
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen.map((s) => s.topic)).toEqual(['in progress', ...[...topics].reverse()]);
  });

  it('pages back by prevCursor to the first page, each page as it was going forward', async () => {
    const forward = [await h.manager.listSessions({ owner, limit: 3 })];
    expect(forward[0]!.prevCursor).toBeNull();
    while (forward.at(-1)!.nextCursor) forward.push(await h.manager.listSessions({ owner, limit: 3, cursor: forward.at(-1)!.nextCursor! }));
    // Newer from the last page, then from each page reached that way.
    let page = forward.at(-1)!;
    for (let i = forward.length - 2; i >= 0; i -= 1) {
      page = await h.manager.listSessions({ owner, limit: 3, cursor: page.prevCursor! });
      expect(page.items).toEqual(forward[i]!.items);
      expect(page.nextCursor).not.toBeNull();
    }
    expect(page.prevCursor).toBeNull();
    // A page by offset knows it has newer rows before it.
    expect((await h.manager.listSessions({ owner, limit: 3, offset: 3 })).prevCursor).not.toBeNull();
  });

  it('rejects a malformed cursor and out-of-range paging', async () => {
    await expect(h.manager.listSessions({ owner, cursor: 'not-a-cursor' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(h.manager.listSessions({ owner, limit: 0 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(h.manager.listSessions({ owner, offset: -1 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it("returns the user's live session and nothing for others", async () => {
    expect((await h.manager.getActiveSession(owner))?.topic).toBe('in progress');
    expect(await h.manager.getActiveSession({ ...owner, userId: 'nobody' })).toBeNull();
    expect((await h.manager.listSessions({ owner: { ...owner, workspaceId: 'T-none' } })).items).toEqual([]);
  });

  it('leaves never-answered interviews out of the history (they take no slot) and counts them', async () => {
    const user = { ...owner, userId: 'U-abandons' };
    const finish = async (topic: string, answers: number) => {
      const { session } = await h.manager.startSession((await h.manager.createSession(config({ topic }), user)).id, actorFor(user));
      for (let n = 0; n < answers; n += 1) await h.turn(session.id, { author: actorFor(user), content: `answer ${n}` });
      h.clock.advance(60_000);
      await h.manager.endSession(session.id, actorFor(user));
      h.clock.advance(60_000);
      return session.id;
    };
    await finish('answered first', 1);
    await finish('abandoned', 0);
    // Ended before it even started (a thread that could not be opened, say).
    await h.manager.endSession((await h.manager.createSession(config({ topic: 'never started' }), user)).id, actorFor(user));
    h.clock.advance(60_000);
    await finish('answered second', 2);
    // A live interview not answered yet is still listed: it is in progress, not abandoned.
    await h.manager.startSession((await h.manager.createSession(config({ topic: 'live, no answer yet' }), user)).id, actorFor(user));
    // Someone else's abandoned interview is not counted as this user's.
    await h.manager.endSession((await h.manager.createSession(config({ topic: 'not mine' }), { ...user, userId: 'U-other' })).id, actorFor({ ...user, userId: 'U-other' }));

    const history = await h.manager.listSessions({ owner: user, hideUnanswered: true, limit: 10 });
    expect(history.items.map((s) => s.topic)).toEqual(['live, no answer yet', 'answered second', 'answered first']);
    expect(history.hiddenUnanswered).toBe(2);
    // Of those, the one that never started is counted apart (history says it was cancelled).
    expect(history.hiddenNeverStarted).toBe(1);
    // Positions (what `/interview show N` takes) skip them too, page by page.
    const second = await h.manager.listSessions({ owner: user, hideUnanswered: true, limit: 1, offset: 2 });
    expect(second.items.map((s) => s.topic)).toEqual(['answered first']);
    const cursorPages: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await h.manager.listSessions({ owner: user, hideUnanswered: true, limit: 2, cursor });
      cursorPages.push(...page.items.map((s) => s.topic ?? ''));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(cursorPages).toEqual(['live, no answer yet', 'answered second', 'answered first']);
    // Without the option everything is listed, and nothing is counted.
    const all = await h.manager.listSessions({ owner: user, limit: 10 });
    expect(all.items).toHaveLength(5);
    expect(all.hiddenUnanswered).toBeUndefined();
  });

  it('getEvaluation returns the stored report, scoped by workspace', async () => {
    const [latest] = (await h.manager.listSessions({ owner, status: 'completed', limit: 1 })).items;
    expect(await h.manager.getEvaluation(latest!.id, owner)).toMatchObject({ sessionId: latest!.id, status: 'completed', overallScore: 70 });
    await expect(h.manager.getEvaluation(latest!.id, { ...owner, workspaceId: 'T-none' })).rejects.toMatchObject({ code: 'SESSION_NOT_FOUND' });
    const live = await h.manager.getActiveSession(owner);
    expect(await h.manager.getEvaluation(live!.id, owner)).toBeNull();
  });

  it('getSession returns what was stored and refuses unknown ids', async () => {
    const [latest] = (await h.manager.listSessions({ owner, status: 'completed', limit: 1 })).items;
    const session = await h.manager.getSession(latest!.id, owner);
    expect(session).toMatchObject({ id: latest!.id, topic: 'Topic 6', overallScore: 70 });
    await expect(h.manager.getSession(crypto.randomUUID(), owner)).rejects.toMatchObject({ code: 'SESSION_NOT_FOUND' });
  });
});
