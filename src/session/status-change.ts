import { nextStatus, type LifecycleAction } from '../domain/lifecycle.js';
import { EVALUATION_JOB, TIMER_JOBS, type EvaluationJobData, type TimerJobData } from '../domain/ports.js';
import type { Actor, SessionRef, SessionStatus } from '../domain/types.js';
import type { DataStore } from '../storage/data-store.js';
import { activeDurationMs, toSession, type SessionRow } from '../storage/row-mappers.js';
import { assertMaySteer, sessionNotFound } from './session-errors.js';

export function evaluationDedupeKey(sessionId: string): string {
  return `evaluation-${sessionId}`;
}

/**
 * Moves the session's timers to a new generation inside the transaction: the old generation's
 * timers are cancelled (and ignored if they fire anyway) and, when the session is running, new
 * ones are armed from the time left. Both go through the outbox so a queue outage loses neither.
 */
export async function rescheduleTimers(tx: DataStore, ref: SessionRef, row: SessionRow, running: boolean, now: Date): Promise<string[]> {
  const old = row.timer_generation;
  const next = old + 1;
  await tx.sessions.update(ref, { timer_generation: next });
  const scope = { platform: ref.platform, workspaceId: ref.workspaceId };
  const keys: string[] = [];
  const add = async (kind: string, generation: number) => {
    const dedupeKey = `${kind}-${ref.sessionId}-g${generation}`;
    const payload: TimerJobData = { ...scope, sessionId: ref.sessionId, generation };
    await tx.outbox.add({ ...scope, kind, dedupeKey, sessionId: ref.sessionId, payload: { ...payload } }, now);
    keys.push(dedupeKey);
  };
  if (old > 0) await add(TIMER_JOBS.disarm, old);
  if (running) await add(TIMER_JOBS.arm, next);
  return keys;
}

export async function lockSession(tx: DataStore, ref: SessionRef): Promise<SessionRow> {
  const row = await tx.sessions.find(ref, { forUpdate: true });
  if (!row) throw sessionNotFound(ref.sessionId);
  return row;
}

/**
 * Pause, resume or end inside the caller's transaction: the row is locked, the actor and the
 * lifecycle table are checked, active time is banked, and the change is recorded. Ending also
 * promises the evaluation (pending report + outbox row) in the same transaction.
 */
/** Returns the outbox keys written, for the caller to dispatch after the commit. */
export async function applyStatusChange(tx: DataStore, ref: SessionRef, action: Exclude<LifecycleAction, 'start'>, actor: Actor, now: Date): Promise<string[]> {
  const row = await lockSession(tx, ref);
  assertMaySteer(toSession(row, now), actor, action);
  const from = row.status as SessionStatus;
  const to = nextStatus(action, from, ref.sessionId);
  await tx.sessions.update(ref, {
    status: to,
    updated_at: now,
    // Active time accrues only while active: bank it when leaving, restart the clock on return.
    active_ms: from === 'active' ? activeDurationMs(row, now) : row.active_ms,
    active_since: to === 'active' ? now : null,
    paused_at: to === 'paused' ? now : null,
    ...(to === 'completed' ? { ended_at: now } : {}),
  });
  await tx.transitions.record(ref, from, to, actor, now);
  const keys = await rescheduleTimers(tx, ref, row, to === 'active', now);
  // An interview that never started (its start failed) is cancelled: nothing to evaluate.
  if (to === 'completed' && from !== 'created') {
    await tx.evaluations.insertPending(ref.sessionId, now);
    const payload: EvaluationJobData = { platform: ref.platform, workspaceId: ref.workspaceId, sessionId: ref.sessionId };
    await tx.outbox.add(
      { platform: ref.platform, workspaceId: ref.workspaceId, kind: EVALUATION_JOB, dedupeKey: evaluationDedupeKey(ref.sessionId), sessionId: ref.sessionId, payload: { ...payload } },
      now,
    );
    keys.push(evaluationDedupeKey(ref.sessionId));
  }
  return keys;
}
