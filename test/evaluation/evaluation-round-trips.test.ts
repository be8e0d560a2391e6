import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVALUATION_JOB } from '../../src/domain/ports.js';
import { openDatabase, type DatabaseHandle } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { until } from '../support/queue-backends.js';
import { actorFor, buildHarness, config, ownerIn, uniqueWorkspace, type Harness } from '../support/session-harness.js';

/**
 * An evaluation is a few statements (issue 13: it was sixteen): a burst of ends is bound by the
 * scorer, not by round trips. Counted on PGlite, where every statement goes through one connection.
 */
describe('round trips of an evaluation', () => {
  let handle: DatabaseHandle;
  let h: Harness;
  const statements: string[] = [];
  let counting = false;

  beforeAll(async () => {
    handle = await openDatabase({ dataDir: 'memory://', onQuery: (text) => counting && statements.push(text) });
    await migrateToLatest(handle.db);
    h = await buildHarness(handle);
  });
  afterAll(async () => {
    await h.close();
    await handle.close();
  });

  it('reads the session with its report in one statement and the transcript in one, stores the result in one, records the card in one', async () => {
    const owner = ownerIn(uniqueWorkspace());
    const thread = `ev-${owner.workspaceId}`;
    const created = await h.manager.createSession(config(), owner, { channelId: 'C1', threadId: thread });
    await h.manager.startSession(created.id, actorFor(owner));
    await h.turn(created.id, { author: actorFor(owner), content: 'Base62 codes from a counter, 100M URLs a month.', platformMessageId: 'm1' });
    await h.manager.endSession(created.id, actorFor(owner));
    const cards = () => h.chat.postsFor(thread).filter((p) => p.message.kind === 'evaluation').length;
    await until(() => cards() === 1, 20_000, 'the evaluation card');

    // The same job again from a pending report: what one evaluation costs, card included.
    await sql`update evaluations set status = 'pending' where session_id = ${created.id}`.execute(handle.db);
    await sql`delete from deliveries where session_id = ${created.id} and dedupe_key = 'evaluation'`.execute(handle.db);
    counting = true;
    await h.queue.enqueue(EVALUATION_JOB, { platform: owner.platform, workspaceId: owner.workspaceId, sessionId: created.id });
    await until(() => cards() === 2, 20_000, 'the evaluation card again');
    await new Promise((r) => setTimeout(r, 100));
    counting = false;

    // The job: the session with its report, the transcript, the result with the session's
    // score, the card's delivery; then the delivery job claims the card and marks it posted.
    expect(statements, statements.join('\n')).toHaveLength(6);
    expect(statements.filter((s) => /^\s*(begin|commit)/i.test(s))).toEqual([]);
  });
});
