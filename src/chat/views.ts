import type { EvaluationReport, Session, SessionPage, TranscriptMessage } from '../domain/types.js';
import { PHASE_TITLES } from '../interviewer/phase-plan.js';
import type { PhaseId } from '../interviewer/catalog/catalog-schema.js';
import { MAX_PAGE } from './command-grammar.js';
import { historyButtonValue } from './history-button.js';
import type { ActionButton, HistoryView, OutboundMessage, SessionCard, StatusView } from './outbound-message.js';

// Builders for the structured messages the router sends; adapters decide how they look.

export function sessionCard(session: Session, topicName: string): SessionCard {
  return {
    sessionId: session.id,
    candidate: session.ownerDisplayName ?? session.ownerUserId,
    candidateUserId: session.ownerUserId,
    topic: topicName,
    durationMinutes: session.config.durationMinutes,
    status: session.status,
  };
}

/** The buttons that make sense for the session's state. */
export function controlButtons(session: Pick<Session, 'id' | 'status'>): ActionButton[] {
  if (session.status === 'completed') return [];
  const toggle: ActionButton =
    session.status === 'paused'
      ? { actionId: 'session.resume', label: 'Resume', value: session.id, style: 'primary' }
      : { actionId: 'session.pause', label: 'Pause', value: session.id };
  return [toggle, { actionId: 'session.end', label: 'End interview', value: session.id, style: 'danger' }];
}

export function rootMessage(session: Session, topicName: string): OutboundMessage {
  return { kind: 'session-root', session: sessionCard(session, topicName), actions: controlButtons(session) };
}

export function statusMessage(session: Session, topicName: string, transcript: readonly TranscriptMessage[]): OutboundMessage {
  const lastPhase = [...transcript].reverse().find((m) => m.role === 'interviewer' && typeof m.metadata.phase === 'string')?.metadata.phase as PhaseId | undefined;
  const budget = session.config.durationMinutes;
  const elapsed = Math.round(session.activeDurationMs / 60_000);
  const status: StatusView = {
    ...sessionCard(session, topicName),
    phase: lastPhase ? PHASE_TITLES[lastPhase] : null,
    elapsedMinutes: elapsed,
    remainingMinutes: Math.max(0, budget - elapsed),
    answers: transcript.filter((m) => m.role === 'candidate').length,
  };
  return { kind: 'status', status, actions: controlButtons(session) };
}

/** The evaluation card, as the evaluation job posts it in the thread and `/interview show` shows it again. */
export function evaluationMessage(session: Pick<Session, 'topic' | 'ownerDisplayName'>, report: EvaluationReport): Extract<OutboundMessage, { kind: 'evaluation' }> {
  return { kind: 'evaluation', report, topic: session.topic, candidate: session.ownerDisplayName };
}

export const HISTORY_PAGE_SIZE = 5;

/**
 * The number a history row is shown with: its position in the user's history, 1 being the most
 * recent, counted across pages. `/interview show N` takes the same number.
 */
export function historyNumber(history: Pick<HistoryView, 'page' | 'pageSize'>, index: number): number {
  return (history.page - 1) * history.pageSize + index + 1;
}

/** The line that stands for the interviews left out of history because they were never answered. */
export function unansweredNote(history: Pick<HistoryView, 'unanswered' | 'cancelled'>): string | null {
  const count = history.unanswered ?? 0;
  if (count === 0) return null;
  // A start that failed ends the interview before its first question: it is said apart, as cancelled.
  const cancelled = Math.min(count, history.cancelled ?? 0);
  const unanswered = count - cancelled;
  const parts = [
    unanswered ? `${unanswered} interview${unanswered === 1 ? '' : 's'} never answered` : '',
    cancelled ? `${cancelled}${unanswered ? '' : ` interview${cancelled === 1 ? '' : 's'}`} cancelled because ${cancelled === 1 ? 'it' : 'they'} could not start` : '',
  ].filter(Boolean);
  return `${parts.join(' and ')} ${count === 1 ? 'is' : 'are'} not listed.`;
}

/**
 * `result.hiddenUnanswered`: how many never-answered interviews the listing left out. Older and
 * Newer carry the keyset cursor of the rows shown and the page number their rows are numbered
 * by; Newer to page 1 carries only the number, so the top of the history is always read fresh.
 */
export function historyMessage(candidate: string, page: number, result: SessionPage): OutboundMessage {
  const hasNext = result.nextCursor !== null && page < MAX_PAGE;
  const history: HistoryView = { candidate, page, pageSize: HISTORY_PAGE_SIZE, items: result.items, hasNext };
  if (result.hiddenUnanswered) history.unanswered = result.hiddenUnanswered;
  if (result.hiddenUnanswered && result.hiddenNeverStarted) history.cancelled = result.hiddenNeverStarted;
  const actions: ActionButton[] = [];
  if (page > 1) {
    const cursor = page > 2 ? result.prevCursor : null;
    actions.push({ actionId: 'history.page', label: 'Newer', value: historyButtonValue(cursor ? { page: page - 1, cursor } : { page: page - 1 }) });
  }
  if (hasNext) actions.push({ actionId: 'history.page', label: 'Older', value: historyButtonValue({ page: page + 1, cursor: result.nextCursor! }) });
  return { kind: 'history', history, actions };
}

export function notice(text: string, tone: 'info' | 'warning' | 'error' = 'info', threadId?: string): Extract<OutboundMessage, { kind: 'notice' }> {
  return threadId ? { kind: 'notice', text, tone, threadId } : { kind: 'notice', text, tone };
}
