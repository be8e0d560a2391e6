import { sql, type Kysely } from 'kysely';

/**
 * VACUUM ANALYZE until the table's visibility map covers it, as autovacuum leaves old rows (index-
 * only scans need it). VACUUM cannot mark a page all-visible while any transaction in the
 * database is older than its rows, and test files running beside the caller hold some: CI once
 * planned a Sort instead of an index-only scan for lack of it. Gives up after `timeoutMs` and
 * lets the plan assertions say what they find.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema
export async function vacuumUntilVisible(db: Kysely<any>, table: string, timeoutMs = 60_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; ; ) {
    await sql`vacuum analyze ${sql.table(table)}`.execute(db);
    const { rows } = await sql<{ visible: number; pages: number }>`select relallvisible as visible, relpages as pages from pg_class where oid = ${table}::regclass`.execute(db);
    if (rows[0]!.visible >= rows[0]!.pages * 0.99 || Date.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
