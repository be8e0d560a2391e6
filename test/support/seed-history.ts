import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/storage/schema.js';

export interface SeedHistoryOptions {
  /** Makes the workspace ids (and the session ids) of this seed unique. */
  prefix: string;
  owners: number;
  workspaces: number;
  perOwner: number;
  /** Every `hiddenEvery`-th session of an owner was never answered (history hides it). */
  hiddenEvery: number;
}

export interface SeededOwner {
  platform: 'slack' | 'discord';
  workspaceId: string;
  userId: string;
}

/**
 * Completed sessions for many owners in one INSERT ... SELECT (a million rows in seconds, where
 * inserts sent from Node take minutes). Owners take turns, a second apart, so each one's rows
 * are spread over the whole table as real users' are. No messages are written: history reads
 * `sessions.answered`, which the first candidate message sets, so it is set here directly.
 */
export async function seedHistory(db: Kysely<Database>, options: SeedHistoryOptions): Promise<SeededOwner[]> {
  const { prefix, owners, workspaces, perOwner, hiddenEvery } = options;
  await sql`
    insert into sessions (id, platform, workspace_id, owner_user_id, status, topic, config, created_at, updated_at, active_ms, overall_score, answered)
    select md5(${prefix}::text || i)::uuid,
      case when (i % ${owners}) % ${workspaces} % 2 = 0 then 'slack' else 'discord' end,
      ${prefix}::text || '-W' || (i % ${owners}) % ${workspaces}, 'U' || i % ${owners},
      'completed', 'URL shortener', '{"durationMinutes": 45}'::jsonb,
      timestamptz '2024-01-01' + i * interval '1 second', timestamptz '2024-01-01' + i * interval '1 second', 2700000, 70,
      (i / ${owners}) % ${hiddenEvery} <> ${hiddenEvery - 1}
    from generate_series(0, ${owners * perOwner - 1}::int) i`.execute(db);
  return Array.from({ length: owners }, (_, o) => ({
    platform: (o % workspaces) % 2 === 0 ? ('slack' as const) : ('discord' as const),
    workspaceId: `${prefix}-W${o % workspaces}`,
    userId: `U${o}`,
  }));
}
