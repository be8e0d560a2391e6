import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFor, buildHarness, config, ownerIn, uniqueWorkspace, type Harness } from '../support/session-harness.js';
import { DeliveryRepository } from '../../src/storage/delivery-repository.js';
import { TurnRepository } from '../../src/storage/turn-repository.js';
import { storageBackends, type TestDatabase } from '../support/storage-backends.js';

/**
 * The guards the hot-path statements rely on at a lease's hand-over, where what a worker read
 * may already be stale: no turn is answered twice, and a worker killed mid-post is noticed.
 * No workers run here (the bot role): the test plays the workers' statements itself.
 */
describe.each(storageBackends)('turn and delivery statements on $name', (backend) => {
  let db: TestDatabase;
  let h: Harness;

  beforeAll(async () => {
    db = await backend.open();
    h = await buildHarness(db.handle, { workers: false });
  });
  afterAll(async () => {
    await h.close();
    await db.cleanup();
  });

  /** Until a statement of this database waits on a row lock (another transaction holds the session row). */
  async function waitingOnLock() {
    for (let i = 0; i < 250; i += 1) {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`.execute(db.handle.db);
      if (rows[0]!.n > 0) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('no statement waited on the session row');
  }

  async function session() {
    const owner = ownerIn(uniqueWorkspace());
    const created = await h.manager.createSession(config(), owner, { channelId: 'C1', threadId: `t-${owner.workspaceId}` });
    await h.manager.startSession(created.id, actorFor(owner));
    return { owner, ref: { platform: owner.platform, workspaceId: owner.workspaceId, sessionId: created.id } };
  }

  it('does not store a reply to a turn another worker answered meanwhile, and leaves no gap', async () => {
    const { owner, ref } = await session();
    const recorded = await h.manager.submitCandidateMessage(ref.sessionId, { author: actorFor(owner), content: 'an answer' });
    const token = randomUUID();
    const leased = await h.store.turns.acquire(ref, token, 5_000, 10, new Date());
    expect(leased?.messages.at(-1)?.seq).toBe(recorded.message.seq);
    // Another worker's answer lands first (what this worker read is now stale).
    await sql`update messages set turn_state = 'answered' where session_id = ${ref.sessionId} and seq = ${recorded.message.seq}`.execute(db.handle.db);
    const reply = { content: 'late reply', metadata: {}, state: { throughSeq: recorded.message.seq }, delivery: { kind: 'question', text: 'late reply' }, placeholderId: null };
    expect(await h.store.turns.storeReply(ref, token, recorded.message.seq, reply, randomUUID(), 5_000, new Date())).toBeUndefined();
    const transcript = await h.manager.getTranscript(ref.sessionId, owner);
    expect(transcript.map((m) => m.seq)).toEqual([1, 2]);
    // The next message still gets the next seq: nothing was allocated for the dropped reply.
    const next = await h.manager.submitCandidateMessage(ref.sessionId, { author: actorFor(owner), content: 'another answer' });
    expect(next.message.seq).toBe(3);
  });

  // Two connections at once: Postgres only (PGlite has one).
  it.skipIf(backend.name !== 'postgres')('a message recorded while the lease holder stores its reply is answered by the holder, since its own job finds the lease held', async () => {
    const { owner, ref } = await session();
    const first = await h.manager.submitCandidateMessage(ref.sessionId, { author: actorFor(owner), content: 'an answer' });
    const token = randomUUID();
    await h.store.turns.acquire(ref, token, 5_000, 10, new Date());
    // The next answer is being recorded (its transaction holds the session row) as the reply is
    // stored: the reply's statement reads the messages before the answer exists, then waits.
    const recording = await db.handle.db.startTransaction().execute();
    const second = await new TurnRepository(recording).recordCandidate(ref, { authorUserId: owner.userId, content: 'the next answer', mode: 'text', platformMessageId: null }, new Date());
    const reply = { content: 'a reply', metadata: {}, state: { throughSeq: first.message.seq }, delivery: { kind: 'question', text: 'a reply' }, placeholderId: null };
    const stored = h.store.turns.storeReply(ref, token, first.message.seq, reply, randomUUID(), 5_000, new Date());
    await waitingOnLock();
    await recording.commit().execute();
    // The holder keeps the lease to look again (before the fix it let go, having read nothing pending)...
    expect(await stored).toMatchObject({ more: true });
    // ...which the next answer's own job, finding the lease held, leaves to it; the holder finds it.
    expect(await h.store.turns.acquire(ref, randomUUID(), 5_000, 10, new Date())).toBeUndefined();
    expect((await h.store.turns.loadTurn(ref.sessionId, first.message.seq, 10)).at(-1)?.seq).toBe(second!.seq);
  });

  it('replaces an edited answer only while nobody has started on it', async () => {
    const { owner, ref } = await session();
    const scope = { platform: owner.platform, workspaceId: owner.workspaceId };
    const location = { channelId: 'C1', threadId: `t-${owner.workspaceId}` };
    const edit = (text: string, by = owner.userId, pmid = 'm-1') => h.manager.editThreadMessage(scope, location, { author: { ...actorFor(owner), userId: by }, content: text, platformMessageId: pmid });
    const recorded = await h.manager.submitCandidateMessage(ref.sessionId, { author: actorFor(owner), content: 'first version', platformMessageId: 'm-1' });
    expect(await edit('second version')).toBe('replaced');
    expect(await edit('not mine', 'U-someone-else')).toBe('unknown');
    expect(await edit('never stored', owner.userId, 'm-404')).toBe('unknown');
    // A worker takes the turn: from now on the edit is not re-read.
    await h.store.turns.acquire(ref, randomUUID(), 5_000, 10, new Date());
    expect(await edit('third version')).toBe('answered');
    const stored = (await h.manager.getTranscript(ref.sessionId, owner)).find((m) => m.seq === recorded.message.seq)!;
    expect(stored.content).toBe('second version');
  });

  it('does not store a reply once the lease has passed to another worker', async () => {
    const { owner, ref } = await session();
    const recorded = await h.manager.submitCandidateMessage(ref.sessionId, { author: actorFor(owner), content: 'an answer' });
    const mine = randomUUID();
    await h.store.turns.acquire(ref, mine, 5_000, 10, new Date());
    await sql`update sessions set turn_lease_token = ${randomUUID()} where id = ${ref.sessionId}`.execute(db.handle.db);
    const reply = { content: 'too late', metadata: {}, state: { throughSeq: 2 }, delivery: { kind: 'question', text: 'too late' }, placeholderId: null };
    expect(await h.store.turns.storeReply(ref, mine, recorded.message.seq, reply, randomUUID(), 5_000, new Date())).toBeUndefined();
    expect((await h.store.turns.outcome(ref, recorded.message.seq)).state).toBe('pending');
  });

  it('marks a delivery whose claimant died before recording an outcome as unknown, so the next one looks first', async () => {
    const { ref } = await session();
    const first = await h.store.deliveries.claim(ref, randomUUID(), 5_000);
    expect(first).toMatchObject({ kind: 'opening', outcomeUnknown: false });
    // The claimant is killed mid-post: its lease lapses, nothing about the attempt is recorded.
    await sql`update sessions set delivery_lease_until = now() - interval '1 second' where id = ${ref.sessionId}`.execute(db.handle.db);
    const token = randomUUID();
    const second = await h.store.deliveries.claim(ref, token, 5_000);
    expect(second).toMatchObject({ kind: 'opening', outcomeUnknown: true });
    // A recorded, definite failure (a 429: not posted) clears the doubt.
    await h.store.deliveries.recordFailure(ref, token, second!.ref.seq, { error: 'ratelimited', outcomeUnknown: false, retryAt: new Date() });
    expect(await h.store.deliveries.claim(ref, randomUUID(), 5_000)).toMatchObject({ outcomeUnknown: false });
  });

  // Two connections at once: Postgres only (PGlite has one).
  it.skipIf(backend.name !== 'postgres')('a delivery added while the lease holder finishes is posted by the holder, since its own job finds the lease held', async () => {
    const { ref } = await session();
    const holder = randomUUID();
    const opening = await h.store.deliveries.claim(ref, holder, 5_000);
    // The reply is being added (its transaction holds the session row) as the holder's finish of
    // the opening starts: the finish reads the deliveries before the reply exists, then waits.
    const adding = await db.handle.db.startTransaction().execute();
    const replySeq = await new DeliveryRepository(adding).add(ref, { kind: 'reply', message: { kind: 'question', text: 'a reply' } }, new Date());
    const finishing = await db.handle.db.startTransaction().execute();
    const finished = new DeliveryRepository(finishing).finish(ref, holder, opening!.ref.seq, { status: 'posted', platformMessageId: 'm1' }, new Date());
    await waitingOnLock();
    await adding.commit().execute();
    // The holder keeps the lease and goes on to the reply (before the fix it let go, having read nothing pending)...
    expect(await finished).toMatchObject({ kind: 'reply', ref: { seq: replySeq } });
    // ...which the reply's own job, finding the lease held, leaves to it.
    expect(await h.store.deliveries.claim(ref, randomUUID(), 5_000)).toBeUndefined();
    await finishing.commit().execute();
    expect((await h.store.sessions.find(ref))?.delivery_lease_token).toBe(holder);
  });

  it('does not claim a delivery that was posted meanwhile', async () => {
    const { ref } = await session();
    const token = randomUUID();
    const claimed = await h.store.deliveries.claim(ref, token, 5_000);
    await h.store.deliveries.finish(ref, token, claimed!.ref.seq, { status: 'posted', platformMessageId: 'm1' }, new Date());
    expect(await h.store.deliveries.claim(ref, randomUUID(), 5_000)).toBeUndefined();
    // And the lease is free again for whoever comes next.
    const row = await h.store.sessions.find(ref);
    expect(row?.delivery_lease_token).toBeNull();
  });
});
