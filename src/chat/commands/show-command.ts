import type { Actor } from '../../domain/types.js';
import { findOwnInterview } from '../../export/own-interview.js';
import type { SessionManager } from '../../session/session-manager.js';
import type { InterviewRef } from '../command-grammar.js';
import type { OutboundMessage } from '../outbound-message.js';
import { evaluationMessage, notice } from '../views.js';

/**
 * `/interview show`: the evaluation card of one of the caller's own interviews, by its history
 * number (numbered as `history` numbers them) or its id; otherwise a notice saying why not.
 * Someone else's interview, or one from another workspace, is "not one of yours" either way.
 */
export async function showCommand(sessions: SessionManager, actor: Actor, ref: InterviewRef): Promise<OutboundMessage> {
  const found = await findOwnInterview(sessions, actor, ref);
  if ('missing' in found) return notice(found.missing, 'warning');
  const session = found;
  const what = `your ${session.topic ?? 'system design'} interview of ${(session.startedAt ?? session.createdAt).toISOString().slice(0, 10)}`;
  const What = what.charAt(0).toUpperCase() + what.slice(1);
  if (session.status !== 'completed') return notice(`${What} is still going; its evaluation is written when it ends.`);
  const transcript = await sessions.getTranscript(session.id, actor);
  if (!transcript.some((m) => m.role === 'candidate')) return notice(`${What} was never answered, so it has no evaluation.`);
  const report = await sessions.getEvaluation(session.id, actor);
  if (!report || report.status === 'pending') return notice(`${What} has no evaluation yet: it is still being written. Try again in a minute.`);
  if (report.status === 'failed') {
    const [latest] = (await sessions.listSessions({ owner: actor, status: 'completed', limit: 1 })).items;
    const retry = latest?.id === session.id ? ' Run `/interview retry-evaluation` to try again.' : '';
    return notice(`The evaluation of ${what} failed, so there is nothing to show.${retry}`, 'warning');
  }
  return evaluationMessage(session, report);
}
