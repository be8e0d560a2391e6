import { sql, type Kysely, type Selectable } from 'kysely';
import { reviveOutbound } from '../chat/outbound-message.js';
import type { SessionRef } from '../domain/types.js';
import type { Delivery, DeliveryKind, NewDelivery } from '../delivery/delivery.js';
import { LeaseRepository } from './lease-repository.js';
import type { Database, DeliveriesTable } from './schema.js';
import { leaseUntil, scopedSession } from './session-sql.js';

export type DeliveryRow = Selectable<DeliveriesTable>;

export function toDelivery(row: DeliveryRow): Delivery {
  const platform = row.platform as Delivery['target']['platform'];
  return {
    ref: { platform, workspaceId: row.workspace_id, sessionId: row.session_id, seq: row.seq },
    target: { platform, workspaceId: row.workspace_id, channelId: row.channel_id, threadId: row.thread_id },
    kind: row.kind as DeliveryKind,
    message: reviveOutbound(row.message),
    messageSeq: row.message_seq,
    key: `${row.session_id}:${row.seq}`,
    attempts: row.attempts,
    // Unknown when an attempt said so, or when a claim never recorded its outcome (a worker killed mid-post).
    outcomeUnknown: row.outcome_unknown || row.claims - 1 > row.attempts,
    placeholderId: row.placeholder_id,
    notifyUserId: row.notify_user_id,
  };
}


/**
 * Posts owed in session threads. Numbered per session so they go out in order; a session's
 * delivery lease lets one worker at a time post them. Each step is one statement.
 */
export class DeliveryRepository {
  private readonly leases: LeaseRepository;

  constructor(private readonly db: Kysely<Database>) {
    this.leases = new LeaseRepository(db);
  }

  /** Promises a post in the session's thread; undefined when it has no thread or the key was used. */
  async add(ref: SessionRef, entry: NewDelivery, now: Date): Promise<number | undefined> {
    const { rows } = await sql<{ seq: number }>`
      with s as (
        update sessions set last_delivery_seq = last_delivery_seq + 1
        where ${scopedSession(ref)} and thread_id is not null
        returning id, last_delivery_seq, platform, workspace_id, channel_id, thread_id
      )
      insert into deliveries (session_id, seq, platform, workspace_id, channel_id, thread_id, kind, dedupe_key, message, message_seq, notify_user_id, created_at)
      select s.id, s.last_delivery_seq, s.platform, s.workspace_id, s.channel_id, s.thread_id, ${entry.kind}, ${entry.dedupeKey ?? null},
        ${JSON.stringify(entry.message)}::jsonb, ${entry.messageSeq ?? null}, ${entry.notifyUserId ?? null}, ${now}
      from s
      on conflict (session_id, dedupe_key) where dedupe_key is not null do nothing
      returning seq`.execute(this.db);
    return rows[0]?.seq;
  }

  /**
   * Takes the session's delivery lease and returns its oldest pending delivery; undefined when
   * someone else holds the lease or nothing is pending. One statement: a delivery added while
   * it runs waits on the session row and then finds the lease free for its own job. Each claim
   * is counted, so a worker killed mid-post leaves one claim more than recorded attempts, which
   * makes the next one look before posting again.
   */
  async claim(ref: SessionRef, token: string, leaseMs: number): Promise<Delivery | undefined> {
    // Leased, but what looked pending was posted by the worker that just let go (the statement
    // waited on its lock, and read before it): let go, and look again. A later delivery, added
    // while that worker finished (its finish read before the add), is then found: its own job
    // may already have given up on the held lease, so nobody else would post it.
    for (let look = 0; look < 3; look += 1) {
      const { delivery, leased } = await this.claimOnce(ref, token, leaseMs);
      if (delivery || !leased) return delivery;
      await this.leases.release('delivery', ref, token);
    }
    return undefined;
  }

  private async claimOnce(ref: SessionRef, token: string, leaseMs: number): Promise<{ delivery?: Delivery; leased: boolean }> {
    const { rows } = await sql<DeliveryRow>`
      with p as (
        select seq from deliveries where session_id = ${ref.sessionId} and status = 'pending' order by seq limit 1
      ), s as (
        update sessions set delivery_lease_token = ${token}, delivery_lease_until = ${leaseUntil(leaseMs)}
        where ${scopedSession(ref)} and (delivery_lease_until is null or delivery_lease_until < now()) and exists (select 1 from p)
        returning id
      ), f as (
        -- An update sees the latest version of the row: one another worker posted meanwhile is not claimed again.
        update deliveries set claims = claims + 1
        where session_id = ${ref.sessionId} and seq = (select seq from p) and status = 'pending' and exists (select 1 from s)
        returning *
      )
      select f.*, (select count(*) from s)::int as leased from f right join (select 1) one on true`.execute(this.db);
    const row = rows[0] as (DeliveryRow & { leased: number }) | undefined;
    return { delivery: row?.seq != null ? toDelivery(row) : undefined, leased: Boolean(row?.leased) };
  }

  /**
   * Records the outcome of a delivery (posted, or failed for good) and moves on: returns the
   * next pending delivery while keeping the lease, or null after releasing it.
   */
  async finish(
    ref: SessionRef,
    token: string,
    seq: number,
    outcome: { status: 'posted'; platformMessageId: string } | { status: 'failed'; error: string },
    now: Date,
  ): Promise<Delivery | null> {
    const posted = outcome.status === 'posted';
    const { rows } = await sql<DeliveryRow & { held: boolean }>`
      with d as (
        update deliveries set status = ${outcome.status}, attempts = attempts + 1, posted_at = ${posted ? now : null},
          platform_message_id = ${posted ? outcome.platformMessageId : null}, last_error = ${posted ? null : outcome.error}
        where session_id = ${ref.sessionId} and seq = ${seq}
      ), n as (
        select * from deliveries where session_id = ${ref.sessionId} and status = 'pending' and seq <> ${seq} order by seq limit 1
      ), s as (
        -- n reads as of the statement's start; last_delivery_seq is the row's latest version (the
        -- update waited on its lock): a delivery added meanwhile keeps the lease, looked for below.
        update sessions set
          delivery_lease_token = case when exists (select 1 from n) or last_delivery_seq > ${seq} then delivery_lease_token else null end,
          delivery_lease_until = case when exists (select 1 from n) or last_delivery_seq > ${seq} then delivery_lease_until else null end
        where ${scopedSession(ref)} and delivery_lease_token = ${token}
        returning delivery_lease_token
      ), f as (
        -- The next one is claimed, while this worker holds the lease (see claim).
        update deliveries set claims = claims + 1
        where session_id = ${ref.sessionId} and seq = (select seq from n) and status = 'pending'
          and exists (select 1 from s where s.delivery_lease_token is not null)
        returning *
      )
      select f.*, (s.delivery_lease_token is not null) as held from s left join f on true`.execute(this.db);
    const row = rows[0];
    if (row?.held && row.seq !== null) return toDelivery(row);
    if (row?.held) return this.nextWhileHeld(ref, token);
    return null;
  }

  /**
   * The lease was kept, but what finish read had nothing (more) to claim: a delivery added while
   * it ran, whose own job may have found the lease held and given up. Looked for again, with a
   * fresh read; the lease is let go when there is none.
   */
  private async nextWhileHeld(ref: SessionRef, token: string): Promise<Delivery | null> {
    const { rows } = await sql<DeliveryRow>`
      update deliveries set claims = claims + 1
      where session_id = ${ref.sessionId} and status = 'pending'
        and seq = (select min(seq) from deliveries where session_id = ${ref.sessionId} and status = 'pending')
        and exists (select 1 from sessions where ${scopedSession(ref)} and delivery_lease_token = ${token})
      returning *`.execute(this.db);
    if (rows[0]) return toDelivery(rows[0]);
    await this.leases.release('delivery', ref, token);
    return null;
  }

  /**
   * An attempt that did not post (or may have): counted, the error kept with whether anything
   * it sent may have landed, a backoff recorded for the sweep, and the lease released for the retry.
   * Returns the attempts made so far.
   */
  async recordFailure(
    ref: SessionRef,
    token: string,
    seq: number,
    failure: { error: string; outcomeUnknown: boolean; retryAt: Date },
  ): Promise<number> {
    const { rows } = await sql<{ attempts: number }>`
      with s as (
        update sessions set delivery_lease_token = null, delivery_lease_until = null
        where ${scopedSession(ref)} and delivery_lease_token = ${token}
      )
      -- This attempt knew of any earlier doubt and looked first: its own outcome is all that is left unknown.
      update deliveries set attempts = attempts + 1, claims = attempts + 1, last_error = ${failure.error.slice(0, 2_000)},
        outcome_unknown = ${failure.outcomeUnknown}::boolean,
        not_before = ${failure.retryAt}
      where session_id = ${ref.sessionId} and seq = ${seq}
      returning attempts`.execute(this.db);
    return rows[0]?.attempts ?? 0;
  }

  /** Failed deliveries of a session go back to pending (the candidate asked for them again). */
  async retryFailed(ref: SessionRef): Promise<number[]> {
    const { rows } = await sql<{ seq: number }>`
      update deliveries set status = 'pending', attempts = 0, not_before = null
      where session_id = ${ref.sessionId} and platform = ${ref.platform} and workspace_id = ${ref.workspaceId} and status = 'failed'
      returning seq`.execute(this.db);
    return rows.map((r) => r.seq);
  }

  async find(ref: SessionRef, seq: number): Promise<(Delivery & { status: string; platformMessageId: string | null }) | undefined> {
    const row = await this.db
      .selectFrom('deliveries')
      .selectAll()
      .where('session_id', '=', ref.sessionId)
      .where('platform', '=', ref.platform)
      .where('workspace_id', '=', ref.workspaceId)
      .where('seq', '=', seq)
      .executeTakeFirst();
    return row ? { ...toDelivery(row), status: row.status, platformMessageId: row.platform_message_id } : undefined;
  }

  /** Sessions whose pending deliveries nobody is working on (the sweep). */
  async stalled(olderThan: Date, limit: number): Promise<(SessionRef & { seq: number })[]> {
    const { rows } = await sql<{ id: string; platform: string; workspace_id: string; seq: number }>`
      select d.session_id as id, d.platform, d.workspace_id, min(d.seq) as seq
      from deliveries d join sessions s on s.id = d.session_id
      where d.status = 'pending' and d.created_at < ${olderThan} and (d.not_before is null or d.not_before < now())
        and (s.delivery_lease_until is null or s.delivery_lease_until < now())
      group by d.session_id, d.platform, d.workspace_id
      limit ${limit}`.execute(this.db);
    return rows.map((r) => ({ platform: r.platform as SessionRef['platform'], workspaceId: r.workspace_id, sessionId: r.id, seq: Number(r.seq) }));
  }
}
