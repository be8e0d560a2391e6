import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '../../src/storage/history-cursor.js';
import { SessionRepository, type HistoryQuery } from '../../src/storage/session-repository.js';
import { planRecorder, type PlanNode } from '../support/query-plans.js';
import { seedHistory, type SeededOwner } from '../support/seed-history.js';
import { vacuumUntilVisible } from '../support/vacuum-visible.js';
import { storageBackends, type TestDatabase } from '../support/storage-backends.js';

const postgres = storageBackends.find((b) => b.name === 'postgres');

/**
 * The plans Postgres picks for history on an owner with 20,000 interviews: every page, however
 * deep, is read from the history index (no Sort, no Seq Scan), and a page by number skips rows
 * with an index-only scan. Plans are taken for the SQL the repository really sends, custom and
 * generic (the app runs every statement as a named prepared statement, so after five runs
 * Postgres may plan it once for any values).
 */
describe.skipIf(!postgres)('history index on postgres', () => {
  let db: TestDatabase;
  let owner: SeededOwner;
  let plansOf: ReturnType<typeof planRecorder>['plansOf'];
  let repository: SessionRepository;

  beforeAll(async () => {
    db = await postgres!.open();
    // Four owners of 20,000 each, one in ten never answered; owner 0 is the one paged.
    owner = (await seedHistory(db.handle.db, { prefix: `IX${randomBytes(4).toString('hex')}`, owners: 4, workspaces: 2, perOwner: 20_000, hiddenEvery: 10 }))[0]!;
    await vacuumUntilVisible(db.handle.db, 'sessions');
    const recorder = planRecorder(db.handle.db);
    plansOf = recorder.plansOf;
    repository = new SessionRepository(recorder.recording);
  }, 120_000);
  afterAll(() => db?.cleanup());

  function expectIndexOnly(plan: PlanNode[], index: string) {
    const types = plan.map((n) => n['Node Type']);
    expect(types).not.toContain('Sort');
    expect(types).not.toContain('Seq Scan');
    expect(types).not.toContain('Bitmap Heap Scan');
    const scans = plan.filter((n) => n['Node Type'].includes('Index'));
    expect(scans.length).toBeGreaterThan(0);
    for (const scan of scans) expect(scan['Index Name']).toBe(index);
  }

  const page = (extra: Partial<HistoryQuery>): HistoryQuery => ({ owner, hideUnanswered: true, limit: 5, ...extra });

  it('reads a deep page by cursor, either way, from the history index', async () => {
    const [row] = await sql<{ created_at: Date; id: string }>`
      select created_at, id from sessions
      where platform = ${owner.platform} and workspace_id = ${owner.workspaceId} and owner_user_id = ${owner.userId}
      order by created_at desc, id desc offset 17000 limit 1`.execute(db.handle.db).then((r) => r.rows);
    for (const direction of ['older', 'newer'] as const) {
      const cursor = encodeCursor({ createdAt: row!.created_at, id: row!.id, direction });
      for (const plan of await plansOf(() => repository.history(page({ cursor })))) expectIndexOnly(plan, 'sessions_history');
      expect((await repository.history(page({ cursor }))).rows).toHaveLength(5);
    }
  });

  it('skips to a page by number with an index-only scan, then reads it by keyset', async () => {
    for (const plan of await plansOf(() => repository.history(page({ offset: 15_000 })))) {
      expectIndexOnly(plan, 'sessions_history');
      expect(plan.map((n) => n['Node Type'])).toContain('Index Only Scan');
    }
  });

  it('counts the hidden interviews from their partial index', async () => {
    for (const plan of await plansOf(() => repository.countUnanswered(owner))) expectIndexOnly(plan, 'sessions_unanswered');
    expect(await repository.countUnanswered(owner)).toBe(2_000);
  });
});
