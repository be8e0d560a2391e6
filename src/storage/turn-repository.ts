import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { InterviewerState } from '../domain/ports.js';
import type { Session, SessionRef, TranscriptMessage, TurnState, WorkspaceScope } from '../domain/types.js';
import { toMessage, toSession, type MessageRow, type SessionRow } from './row-mappers.js';
import type { Delivery } from '../delivery/delivery.js';
import { toDelivery, type DeliveryRow } from './delivery-repository.js';
import type { Database } from './schema.js';
import { leaseUntil, scopedSession } from './session-sql.js';

export interface ThreadLookup {
  session: Session;
  /** The same platform message, if it was stored before. */
  duplicate: { message: TranscriptMessage; turnState: TurnState | null } | null;
}

export interface LeasedSession {
  session: Session;
  interviewerState: InterviewerState | null;
  /** The oldest pending turn, last, with what the interviewer needs before it. */
  messages: TranscriptMessage[];
}

/** A candidate's answer to append. */
interface CandidateText {
  authorUserId: string;
  content: string;
  mode: string;
  platformMessageId: string | null;
  metadata?: Record<string, unknown>;
}

/** A message row as JSON (to_jsonb): its timestamp is a string. */
type JsonMessage = Omit<MessageRow, 'created_at'> & { created_at: string };
const fromJson = (m: JsonMessage) => toMessage({ ...m, created_at: new Date(m.created_at) });

export interface StoredReply {
  reply: TranscriptMessage;
  /** The delivery promised for it (null when the session has no thread). */
  delivery: Delivery | null;
  /** Nothing else was waiting to be posted, so the delivery lease was taken with `deliveryToken`. */
  deliveryLeased: boolean;
  /** Another turn is pending: the lease is kept for it. Otherwise it was released. */
  more: boolean;
}


/**
 * The turn hot path, each step one statement: record a candidate message with its pending turn,
 * take the session's turn lease (reading the session once), load the turn, and store the reply
 * with its delivery, the interviewer's state and the lease's release. Written as single SQL
 * statements because each is a round trip on the busiest path of the bot.
 */
/**
 * For a statement that updates the session row and lets the turn lease go unless another turn
 * is pending. Its reads are as of its start, while the update waited on the row's lock: a
 * message recorded meanwhile is not read, but the row's latest `last_seq` is past what was read,
 * and then the lease is kept (the worker looks again), since that message's own job may have
 * found the lease held and given up.
 */
const pendingBesides = (sessionId: string, seq: number) =>
  sql`(exists (select 1 from messages where session_id = ${sessionId} and turn_state = 'pending' and seq <> ${seq})
    or last_seq > (select max(seq) from messages where session_id = ${sessionId}))`;

export class TurnRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** The session of a thread, and whether this platform message was stored before (one query). */
  async lookupThread(scope: WorkspaceScope, channelId: string, threadId: string, platformMessageId: string | null, now: Date): Promise<ThreadLookup | undefined> {
    return this.lookup(sql`s.platform = ${scope.platform} and s.workspace_id = ${scope.workspaceId} and s.channel_id = ${channelId} and s.thread_id = ${threadId}`, platformMessageId, now);
  }

  /** The same, for a session known by id. */
  async lookupSession(ref: SessionRef, platformMessageId: string | null, now: Date): Promise<ThreadLookup | undefined> {
    return this.lookup(sql`s.id = ${ref.sessionId} and s.platform = ${ref.platform} and s.workspace_id = ${ref.workspaceId}`, platformMessageId, now);
  }

  private async lookup(where: RawBuilder<unknown>, platformMessageId: string | null, now: Date): Promise<ThreadLookup | undefined> {
    const { rows } = await sql<SessionRow & { dup: JsonMessage | null }>`
      select s.*, to_jsonb(m) as dup
      from sessions s left join messages m on m.session_id = s.id and m.platform_message_id = ${platformMessageId}
      where ${where}`.execute(this.db);
    const row = rows[0];
    if (!row) return undefined;
    const { dup, ...session } = row;
    return {
      session: toSession(session as SessionRow, now),
      duplicate: dup ? { message: fromJson(dup), turnState: dup.turn_state as TurnState | null } : null,
    };
  }

  /**
   * Appends the candidate's message with a pending turn, only while the session is active and
   * the author is its candidate; undefined otherwise. One statement: the seq comes from the
   * session row it locks, and a duplicate platform id rolls the whole statement back.
   */
  async recordCandidate(ref: SessionRef, message: CandidateText, now: Date): Promise<TranscriptMessage | undefined> {
    return this.appendCandidate(sql`id = ${ref.sessionId} and platform = ${ref.platform} and workspace_id = ${ref.workspaceId}`, message, now);
  }

  /**
   * The common case of a thread message in one statement: a new answer from the candidate of an
   * active session in this thread, in an enabled mode, never seen before, is appended with its
   * pending turn. Undefined when any of that does not hold (the caller then looks up why).
   */
  async recordInThread(scope: WorkspaceScope, location: { channelId: string; threadId: string }, message: CandidateText, now: Date): Promise<TranscriptMessage | undefined> {
    return this.appendCandidate(
      sql`platform = ${scope.platform} and workspace_id = ${scope.workspaceId} and channel_id = ${location.channelId} and thread_id = ${location.threadId}
        and jsonb_exists(config -> 'enabledModes', ${message.mode})
        and not exists (select 1 from messages m where m.session_id = sessions.id and m.platform_message_id = ${message.platformMessageId})`,
      message,
      now,
    );
  }

  /**
   * An edit of a candidate's answer: the stored text is replaced only while its turn is still
   * pending and no worker holds the session's turn lease (nobody is answering it yet). One
   * statement; the result says which case it was.
   */
  async editPending(scope: WorkspaceScope, location: { channelId: string; threadId: string }, platformMessageId: string, authorUserId: string, content: string): Promise<'replaced' | 'answered' | 'unknown'> {
    const { rows } = await sql<{ replaced: boolean; seq: number | null }>`
      with target as (
        select m.session_id, m.seq, m.turn_state, (s.turn_lease_until is null or s.turn_lease_until < now()) as free
        from sessions s join messages m on m.session_id = s.id
        where s.platform = ${scope.platform} and s.workspace_id = ${scope.workspaceId} and s.channel_id = ${location.channelId} and s.thread_id = ${location.threadId}
          and m.platform_message_id = ${platformMessageId} and m.role = 'candidate' and m.author_user_id = ${authorUserId}
      ), edited as (
        update messages m set content = ${content}
        from target t
        where m.session_id = t.session_id and m.seq = t.seq and m.turn_state = 'pending' and t.free
        returning m.seq
      )
      select exists (select 1 from edited) as replaced, (select seq from target) as seq`.execute(this.db);
    const row = rows[0];
    if (row?.replaced) return 'replaced';
    return row?.seq === null || row?.seq === undefined ? 'unknown' : 'answered';
  }

  /** A voice message's transcript replaces its placeholder, while its turn is pending (attachments/voice-turn.ts). */
  async setTranscript(ref: SessionRef, seq: number, content: string, metadata: Record<string, unknown>): Promise<void> {
    await sql`
      update messages m set content = ${content}, metadata = ${JSON.stringify(metadata)}::jsonb
      from sessions s
      where s.id = ${ref.sessionId} and s.platform = ${ref.platform} and s.workspace_id = ${ref.workspaceId}
        and m.session_id = s.id and m.seq = ${seq} and m.role = 'candidate' and m.mode = 'audio' and m.turn_state = 'pending'`.execute(this.db);
  }

  private async appendCandidate(where: RawBuilder<unknown>, message: CandidateText, now: Date): Promise<TranscriptMessage | undefined> {
    const { rows } = await sql<MessageRow>`
      with s as (
        -- answered: the session now has a candidate message, so history lists it (migrations/0004).
        update sessions set last_seq = last_seq + 1, updated_at = ${now}, answered = true
        where ${where} and status = 'active' and owner_user_id = ${message.authorUserId}
        returning id, last_seq
      )
      insert into messages (session_id, seq, role, mode, content, author_user_id, platform_message_id, reply_to_seq, metadata, created_at, turn_state)
      select s.id, s.last_seq, 'candidate', ${message.mode}, ${message.content}, ${message.authorUserId}, ${message.platformMessageId}, null, ${JSON.stringify(message.metadata ?? {})}::jsonb, ${now}, 'pending'
      from s
      returning *`.execute(this.db);
    return rows[0] ? toMessage(rows[0]) : undefined;
  }

  /**
   * Takes the turn lease when it is free and a turn is pending, and returns in the same
   * statement the session and the turn (see loadTurn); undefined when busy or idle. A message
   * recorded while this runs waits on the session row, so its own job then finds the lease
   * free: no turn is left behind.
   */
  async acquire(ref: SessionRef, token: string, leaseMs: number, window: number, now: Date): Promise<LeasedSession | undefined> {
    const { rows } = await sql<SessionRow & { turn_messages: JsonMessage[] }>`
      with s as (
        update sessions set turn_lease_token = ${token}, turn_lease_until = ${leaseUntil(leaseMs)}
        where ${scopedSession(ref)} and (turn_lease_until is null or turn_lease_until < now())
          and exists (select 1 from messages where session_id = ${ref.sessionId} and turn_state = 'pending')
        returning *
      ), p as (select min(seq) as seq from messages where session_id = ${ref.sessionId} and turn_state = 'pending')
      select s.*, (
        select coalesce(jsonb_agg(to_jsonb(m) order by m.seq), '[]'::jsonb) from messages m, p
        where m.session_id = s.id and m.seq <= p.seq and m.seq > least(coalesce((s.interviewer_state ->> 'throughSeq')::int, 0), p.seq - ${window}::int)
      ) as turn_messages
      from s`.execute(this.db);
    const row = rows[0];
    if (!row) return undefined;
    const { turn_messages, ...session } = row;
    return {
      session: toSession(session as SessionRow, now),
      interviewerState: (row.interviewer_state as InterviewerState | null) ?? null,
      messages: turn_messages.map(fromJson),
    };
  }

  /**
   * The oldest pending turn with the messages the interviewer needs: everything after its kept
   * state, and at least `window` messages before it. Empty when nothing is pending.
   */
  async loadTurn(sessionId: string, throughSeq: number, window: number): Promise<TranscriptMessage[]> {
    const { rows } = await sql<MessageRow>`
      with p as (select min(seq) as seq from messages where session_id = ${sessionId} and turn_state = 'pending')
      select m.* from messages m, p
      where m.session_id = ${sessionId} and m.seq <= p.seq and m.seq > least(${throughSeq}::int, p.seq - ${window}::int)
      order by m.seq`.execute(this.db);
    return rows.map(toMessage);
  }

  /**
   * Stores the interviewer's reply to turn `answeredSeq`, marks the turn answered, keeps the
   * interviewer's state, promises the reply's delivery, and releases the lease unless another
   * turn is pending, all in one statement and only while `token` still holds the lease and the
   * turn is still pending (undefined otherwise: another worker took over, or answered it, and
   * this reply is dropped; the lease, if still held, is the caller's to let go). When nothing
   * else waits to be posted in the session, it also takes the delivery lease (`deliveryToken`)
   * so the caller can post the reply at once, in order, without another round trip.
   */
  async storeReply(
    ref: SessionRef,
    token: string,
    answeredSeq: number,
    reply: { content: string; metadata: Record<string, unknown>; state: InterviewerState; delivery: Record<string, unknown>; placeholderId: string | null },
    deliveryToken: string,
    leaseMs: number,
    now: Date,
  ): Promise<StoredReply | undefined> {
    const morePending = pendingBesides(ref.sessionId, answeredSeq);
    const postNow = sql`(thread_id is not null and (delivery_lease_until is null or delivery_lease_until < now())
      and not exists (select 1 from deliveries where session_id = ${ref.sessionId} and status = 'pending'))`;
    const { rows } = await sql<MessageRow & { delivery: DeliveryRow | null; more: boolean; delivery_leased: boolean }>`
      with l as (
        -- Locks the session while this worker still holds its lease (checked on the latest row).
        select id from sessions where ${scopedSession(ref)} and turn_lease_token = ${token} for update
      ), t as (
        -- An update sees the latest version of the turn: one answered meanwhile is not answered again.
        update messages set turn_state = 'answered'
        where session_id = ${ref.sessionId} and seq = ${answeredSeq} and turn_state = 'pending' and exists (select 1 from l)
        returning seq
      ), s as (
        update sessions set
          last_seq = last_seq + 1,
          last_delivery_seq = last_delivery_seq + (case when thread_id is null then 0 else 1 end),
          interviewer_state = ${JSON.stringify(reply.state)}::jsonb,
          updated_at = ${now},
          turn_lease_token = case when ${morePending} then turn_lease_token else null end,
          turn_lease_until = case when ${morePending} then turn_lease_until else null end,
          delivery_lease_token = case when ${postNow} then ${deliveryToken}::uuid else delivery_lease_token end,
          delivery_lease_until = case when ${postNow} then ${leaseUntil(leaseMs)} else delivery_lease_until end
        where id in (select id from l) and exists (select 1 from t)
        returning id, last_seq, last_delivery_seq, platform, workspace_id, channel_id, thread_id, owner_user_id, turn_lease_token, delivery_lease_token
      ), r as (
        insert into messages (session_id, seq, role, mode, content, author_user_id, platform_message_id, reply_to_seq, metadata, created_at, turn_state)
        select s.id, s.last_seq, 'interviewer', 'text', ${reply.content}, null, null, ${answeredSeq}, ${JSON.stringify(reply.metadata)}::jsonb, ${now}, null from s
        returning *
      ), d as (
        insert into deliveries (session_id, seq, platform, workspace_id, channel_id, thread_id, kind, message, message_seq, placeholder_id, notify_user_id, created_at, claims)
        select s.id, s.last_delivery_seq, s.platform, s.workspace_id, s.channel_id, s.thread_id, 'reply', ${JSON.stringify(reply.delivery)}::jsonb, r.seq, ${reply.placeholderId}, s.owner_user_id, ${now},
          -- Claimed at once by the caller when it took the lease (see DeliveryRepository.claim).
          case when s.delivery_lease_token is not distinct from ${deliveryToken}::uuid then 1 else 0 end
        from s, r where s.thread_id is not null
        returning *
      )
      select r.*, (select to_jsonb(d) from d) as delivery, (s.turn_lease_token is not null) as more,
        (s.delivery_lease_token is not distinct from ${deliveryToken}::uuid) as delivery_leased
      from s, r`.execute(this.db);
    const row = rows[0];
    if (!row) return undefined;
    const { delivery, more, delivery_leased, ...message } = row;
    return { reply: toMessage(message as MessageRow), delivery: delivery ? toDelivery(delivery) : null, more, deliveryLeased: delivery_leased && delivery !== null };
  }

  /**
   * Closes a turn without a reply (the session ended first); releases the lease unless more are
   * pending. `replace`: the message's new text and metadata, in the same statement (a voice
   * message that could not be transcribed, attachments/voice-turn.ts).
   */
  async skip(ref: SessionRef, token: string, seq: number, replace?: { content: string; metadata: Record<string, unknown> }): Promise<boolean> {
    const morePending = pendingBesides(ref.sessionId, seq);
    const replaced = replace ? sql`, content = ${replace.content}, metadata = ${JSON.stringify(replace.metadata)}::jsonb` : sql``;
    const { rows } = await sql<{ more: boolean }>`
      with t as (update messages set turn_state = 'skipped'${replaced} where session_id = ${ref.sessionId} and seq = ${seq} and turn_state = 'pending')
      update sessions set
        turn_lease_token = case when ${morePending} then turn_lease_token else null end,
        turn_lease_until = case when ${morePending} then turn_lease_until else null end
      where ${scopedSession(ref)} and turn_lease_token = ${token}
      returning (turn_lease_token is not null) as more`.execute(this.db);
    return rows[0]?.more ?? false;
  }

  /** Where the turn of candidate message `seq` stands: its reply, and whether that was posted. */
  async outcome(ref: SessionRef, seq: number): Promise<{ state: TurnState | null; reply: TranscriptMessage | null; delivery: string | null }> {
    const { rows } = await sql<{ turn_state: TurnState | null; reply: JsonMessage | null; delivery: string | null }>`
      select c.turn_state, to_jsonb(r) as reply, d.status as delivery
      from sessions s
      join messages c on c.session_id = s.id and c.seq = ${seq}
      left join messages r on r.session_id = s.id and r.reply_to_seq = ${seq} and r.role = 'interviewer'
      left join deliveries d on d.session_id = s.id and d.message_seq = r.seq
      where ${scopedSession(ref, 's.')}`.execute(this.db);
    const row = rows[0];
    return {
      state: row?.turn_state ?? null,
      reply: row?.reply ? fromJson(row.reply) : null,
      delivery: row?.delivery ?? null,
    };
  }

  /** Sessions with a turn pending for longer than it should be and nobody holding them (the sweep). */
  async stalled(olderThan: Date, limit: number): Promise<(SessionRef & { seq: number })[]> {
    const { rows } = await sql<{ id: string; platform: string; workspace_id: string; seq: number }>`
      select s.id, s.platform, s.workspace_id, min(m.seq) as seq
      from messages m join sessions s on s.id = m.session_id
      where m.turn_state = 'pending' and m.created_at < ${olderThan} and (s.turn_lease_until is null or s.turn_lease_until < now())
      group by s.id, s.platform, s.workspace_id
      limit ${limit}`.execute(this.db);
    return rows.map((r) => ({ platform: r.platform as SessionRef['platform'], workspaceId: r.workspace_id, sessionId: r.id, seq: Number(r.seq) }));
  }
}
