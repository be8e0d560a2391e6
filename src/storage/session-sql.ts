import { sql } from 'kysely';
import type { SessionRef } from '../domain/types.js';

// Fragments the hand-written statements on the turn path share.

/** The session row of `ref`, inside its platform and workspace (`alias`: e.g. 's.'). */
export const scopedSession = (ref: SessionRef, alias = '') =>
  sql`${sql.raw(alias)}id = ${ref.sessionId} and ${sql.raw(alias)}platform = ${ref.platform} and ${sql.raw(alias)}workspace_id = ${ref.workspaceId}`;

/** When a lease taken now ends (database time decides, whatever the workers' clocks say). */
export const leaseUntil = (ms: number) => sql<Date>`now() + ${ms}::int * interval '1 millisecond'`;
