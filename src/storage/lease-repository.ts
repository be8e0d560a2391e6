import { sql, type Kysely } from 'kysely';
import type { SessionRef } from '../domain/types.js';
import type { Database } from './schema.js';
import { leaseUntil, scopedSession } from './session-sql.js';

/** Which of a session's two leases: its turns, or its deliveries. */
export type LeaseKind = 'turn' | 'delivery';

const columns = (kind: LeaseKind) => ({ token: sql.ref(`${kind}_lease_token`), until: sql.ref(`${kind}_lease_until`) });

/** Renewal and release of the session leases that TurnRepository and DeliveryRepository take. */
export class LeaseRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Extends a lease this token holds; false when it no longer holds it. */
  async renew(kind: LeaseKind, ref: SessionRef, token: string, leaseMs: number): Promise<boolean> {
    const c = columns(kind);
    const { rows } = await sql`
      update sessions set ${c.until} = ${leaseUntil(leaseMs)}
      where ${scopedSession(ref)} and ${c.token} = ${token}
      returning id`.execute(this.db);
    return rows.length > 0;
  }

  async release(kind: LeaseKind, ref: SessionRef, token: string): Promise<void> {
    const c = columns(kind);
    await sql`
      update sessions set ${c.token} = null, ${c.until} = null
      where ${scopedSession(ref)} and ${c.token} = ${token}`.execute(this.db);
  }
}
