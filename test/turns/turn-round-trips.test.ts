import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { until } from '../support/queue-backends.js';
import { actorFor, buildHarness, config, ownerIn, uniqueWorkspace, type Harness } from '../support/session-harness.js';

/**
 * A turn is a few statements: the hot path is counted, so a change that adds a round trip (a
 * second read of the session, the transcript re-read, a transaction around one statement)
 * fails here. Counted on PGlite, where every statement goes through the one connection.
 */
describe('round trips of a turn', () => {
  let handle: DatabaseHandle;
  let h: Harness;
  const statements: string[] = [];
  let counting = false;

  beforeAll(async () => {
    handle = await openDatabase({ dataDir: 'memory://', onQuery: (sql) => counting && statements.push(sql) });
    await migrateToLatest(handle.db);
    h = await buildHarness(handle);
  });
  afterAll(async () => {
    await h.close();
    await handle.close();
  });

  it('records in one statement, answers in two, posts in one; no transaction and no transcript re-read', async () => {
    const owner = ownerIn(uniqueWorkspace());
    const thread = `rt-${owner.workspaceId}`;
    const created = await h.manager.createSession(config(), owner, { channelId: 'C1', threadId: thread });
    await h.manager.startSession(created.id, actorFor(owner));
    await until(() => h.chat.postsFor(thread).length === 1, 5_000, 'opening question posted');
    // A first turn warms up (and folds the opening question into the kept state).
    await h.manager.receiveThreadMessage(owner, { channelId: 'C1', threadId: thread }, { author: actorFor(owner), content: 'warm up', platformMessageId: 'w1' });
    await until(() => h.chat.postsFor(thread).length === 2, 5_000, 'first reply posted');

    counting = true;
    const recorded = await h.manager.receiveThreadMessage(owner, { channelId: 'C1', threadId: thread }, { author: actorFor(owner), content: 'Base62 codes from a counter.', platformMessageId: 'm2' });
    const recordStatements = statements.length;
    await until(() => h.chat.postsFor(thread).length === 3, 5_000, 'second reply posted');
    await new Promise((r) => setTimeout(r, 100));
    counting = false;

    expect(recorded.kind).toBe('answer');
    // The bot, before it acknowledges: one statement.
    expect(recordStatements).toBe(1);
    // The worker: take the lease, reading the session and the turn; store the reply, its
    // delivery and the interviewer's state, taking the delivery lease; mark it posted.
    expect(statements.length - recordStatements).toBe(3);
    expect(statements.filter((s) => /^\s*(begin|commit)/i.test(s))).toEqual([]);
    // The transcript is never read whole: the turn loads what follows the kept state.
    expect(statements.filter((s) => /from "messages" .*order by "messages"\."seq"/i.test(s))).toEqual([]);
  });
});
