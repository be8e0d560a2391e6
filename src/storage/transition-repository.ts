import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Actor, SessionRef, SessionStatus, StateTransition } from '../domain/types.js';
import type { Database } from './schema.js';

/** The audit trail of status changes: from, to, who, when. */
export class TransitionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async record(ref: SessionRef, from: SessionStatus, to: SessionStatus, actor: Actor, at: Date): Promise<void> {
    await this.db
      .insertInto('state_transitions')
      .values({
        id: randomUUID(),
        session_id: ref.sessionId,
        from_status: from,
        to_status: to,
        actor_user_id: actor.userId,
        actor_kind: actor.kind,
        at,
      })
      .execute();
  }

  async list(ref: SessionRef): Promise<StateTransition[]> {
    const rows = await this.db
      .selectFrom('state_transitions')
      .innerJoin('sessions', 'sessions.id', 'state_transitions.session_id')
      .selectAll('state_transitions')
      .where('state_transitions.session_id', '=', ref.sessionId)
      .where('sessions.platform', '=', ref.platform)
      .where('sessions.workspace_id', '=', ref.workspaceId)
      .orderBy('state_transitions.at', 'asc')
      .execute();
    return rows.map((r) => ({
      sessionId: r.session_id,
      fromStatus: r.from_status as SessionStatus,
      toStatus: r.to_status as SessionStatus,
      actorUserId: r.actor_user_id,
      actorKind: r.actor_kind as Actor['kind'],
      at: r.at,
    }));
  }
}
