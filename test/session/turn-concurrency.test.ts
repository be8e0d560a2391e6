import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
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
    // Two cores as two processes would have them: separate pools (on Postgres), one database.
    second = await db.openAnother();
    a = await buildHarness(db.handle, { sweepIntervalMs: 200, leaseMs: 600 });
    b = await buildHarness(second, { clock: a.clock, sweepIntervalMs: 200, leaseMs: 600 });
    a.interviewer.replyDelayMs = 3;
    b.interviewer.replyDelayMs = 3;
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await db.cleanup();
  });

  it('50 concurrent messages across two processes are each answered once, in order, with no gap', async () => {
    const owner = ownerIn(uniqueWorkspace());
    const { session } = await a.manager.startSession((await a.manager.createSession(config(), owner)).id, actorFor(owner));
    const sent = Array.from({ length: 50 }, (_, i) => `answer ${i}`);
    const recorded = await Promise.all(
      sent.map((content, i) => (i % 2 === 0 ? a : b).manager.submitCandidateMessage(session.id, { author: actorFor(owner), content, platformMessageId: `m${i}` })),
    );
    expect(recorded.every((r) => !r.duplicate)).toBe(true);
    const last = Math.max(...recorded.map((r) => r.message.seq));
    for (const r of recorded) await a.manager.awaitReply(session.id, owner, r.message.seq, 20_000);
    expect(last).toBeLessThanOrEqual(101);

    const transcript = await b.manager.getTranscript(session.id, owner);
    expect(transcript).toHaveLength(101);
    expect(transcript.map((m) => m.seq)).toEqual(Array.from({ length: 101 }, (_, i) => i + 1));
    expect(transcript.filter((m) => m.role === 'candidate').map((m) => m.content).sort()).toEqual([...sent].sort());
    const replies = transcript.filter((m) => m.replyToSeq !== null);
    // Each candidate message answered exactly once, and replies come in the order of the messages.
    expect(replies.map((r) => r.replyToSeq)).toEqual(transcript.filter((m) => m.role === 'candidate').map((m) => m.seq));
    for (const reply of replies) expect(reply.content).toBe(`re:${transcript.find((m) => m.seq === reply.replyToSeq)!.content}`);
  });

  it('a turn lease left by a crashed process expires and the sweep answers the turn', async () => {
    const owner = ownerIn(uniqueWorkspace());
    const { session } = await a.manager.startSession((await a.manager.createSession(config(), owner)).id, actorFor(owner));
    // A holder that died mid-turn: its lease stays until it expires.
    await sql`update sessions set turn_lease_token = ${crypto.randomUUID()}, turn_lease_until = now() + interval '600 milliseconds' where id = ${session.id}`.execute(db.handle.db);
    const started = Date.now();
    const recorded = await b.manager.submitCandidateMessage(session.id, { author: actorFor(owner), content: 'after the crash' });
    // The sweep leaves young turns to their own job; this one is old enough on the test clock.
    a.clock.advance(10_000);
    const reply = await b.manager.awaitReply(session.id, owner, recorded.message.seq, 10_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(reply).toMatchObject({ seq: 3, replyToSeq: 2 });
  });
});
