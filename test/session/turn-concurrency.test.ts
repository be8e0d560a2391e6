import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/storage/database.js';
import { storageBackends, type TestDatabase } from '../support/storage-backends.js';
import { actorFor, buildHarness, config, ownerIn, uniqueWorkspace, type Harness } from '../support/session-harness.js';

describe.each(storageBackends)('concurrent turns on $name', (backend) => {
  let db: TestDatabase;
  let second: DatabaseHandle;
  let a: Harness;
  let b: Harness;

  beforeAll(async () => {
    db = await backend.open();
    // Two managers as two processes would have them: separate pools (on Postgres), one database.
    second = await db.openAnother();
    a = buildHarness(db.handle);
    b = buildHarness(second, { clock: a.clock });
    a.interviewer.replyDelayMs = 3;
    b.interviewer.replyDelayMs = 3;
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await db.cleanup();
  });

  it('50 concurrent messages across two managers give 50 answers and 50 replies, in order, with no gap', async () => {
    const owner = ownerIn(uniqueWorkspace());
    const { session } = await a.manager.startSession((await a.manager.createSession(config(), owner)).id, actorFor(owner));
    const sent = Array.from({ length: 50 }, (_, i) => `answer ${i}`);
    const results = await Promise.all(
      sent.map((content, i) => (i % 2 === 0 ? a : b).manager.handleCandidateMessage(session.id, { author: actorFor(owner), content, platformMessageId: `m${i}` })),
    );
    expect(results.every((r) => !r.duplicate)).toBe(true);

    const transcript = await b.manager.getTranscript(session.id, owner);
    expect(transcript).toHaveLength(101);
    expect(transcript.map((m) => m.seq)).toEqual(Array.from({ length: 101 }, (_, i) => i + 1));
    const turns = transcript.slice(1);
    expect(turns.filter((m) => m.role === 'candidate').map((m) => m.content).sort()).toEqual([...sent].sort());
    // Every reply sits right after the message it answers.
    for (let i = 0; i < turns.length; i += 2) {
      const [candidate, reply] = [turns[i]!, turns[i + 1]!];
      expect(candidate.role).toBe('candidate');
      expect(reply).toMatchObject({ role: 'interviewer', replyToSeq: candidate.seq, content: `re:${candidate.content}` });
    }
    // Each call got back its own pair.
    for (const r of results) expect(r.reply.content).toBe(`re:${r.candidateMessage.content}`);
  });

  it('a turn lease left by a crashed process expires and the session goes on', async () => {
    const owner = ownerIn(uniqueWorkspace());
    const { session } = await a.manager.startSession((await a.manager.createSession(config(), owner)).id, actorFor(owner));
    const ref = { platform: owner.platform, workspaceId: owner.workspaceId, sessionId: session.id };
    expect(await a.store.sessions.tryAcquireLease(ref, crypto.randomUUID(), 400)).toBe('acquired');
    const started = Date.now();
    const turn = await b.manager.handleCandidateMessage(session.id, { author: actorFor(owner), content: 'after the crash' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(turn.reply.seq).toBe(3);
  });
});
