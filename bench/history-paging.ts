import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { DataStore } from '../src/storage/data-store.js';
import { encodeCursor } from '../src/storage/history-cursor.js';

const ROWS = 5_000;
const DEPTH = 4_900;
const PAGE = 20;
const RUNS = 15;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** A deep history page by OFFSET versus by keyset cursor, on the same data in the same run. */
export async function benchHistoryPaging(store: DataStore, db: { insertMany(rows: unknown[]): Promise<void> }): Promise<string> {
  const owner = { platform: 'slack' as const, workspaceId: `BENCH-${randomUUID()}`, userId: 'U1' };
  const start = Date.parse('2025-01-01T00:00:00Z');
  const rows = Array.from({ length: ROWS }, (_, i) => ({
    id: randomUUID(),
    platform: owner.platform,
    workspace_id: owner.workspaceId,
    owner_user_id: owner.userId,
    status: 'completed',
    topic: `topic ${i}`,
    config: '{}',
    created_at: new Date(start + i * 60_000),
    updated_at: new Date(start + i * 60_000),
  }));
  await db.insertMany(rows);
  // The row the cursor would point at after DEPTH rows, newest first.
  const anchor = rows[ROWS - DEPTH]!;
  const cursor = encodeCursor({ createdAt: anchor.created_at, id: anchor.id });

  const time = async (fn: () => Promise<unknown>) => {
    const samples: number[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      const t = performance.now();
      await fn();
      samples.push(performance.now() - t);
    }
    return median(samples);
  };
  const offsetPage = await store.sessions.history({ owner, limit: PAGE, offset: DEPTH });
  const cursorPage = await store.sessions.history({ owner, limit: PAGE, cursor });
  if (offsetPage.rows[0]?.id !== cursorPage.rows[0]?.id) throw new Error('offset and cursor pages differ');
  const offsetMs = await time(() => store.sessions.history({ owner, limit: PAGE, offset: DEPTH }));
  const cursorMs = await time(() => store.sessions.history({ owner, limit: PAGE, cursor }));
  return `history page at depth ${DEPTH} of ${ROWS}: offset ${offsetMs.toFixed(2)} ms, cursor ${cursorMs.toFixed(2)} ms, offset/cursor = ${(offsetMs / cursorMs).toFixed(1)}x`;
}
