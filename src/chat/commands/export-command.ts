import type { Actor, EvaluationReport, Session } from '../../domain/types.js';
import { evaluationPicture } from '../../delivery/evaluation-picture.js';
import type { Delivery } from '../../delivery/delivery.js';
import { findOwnInterview, latestCompletedInterview } from '../../export/own-interview.js';
import { replayTimeline } from '../../export/replay-timeline.js';
import { shareKey } from '../../export/share-job.js';
import { shareSummary } from '../../export/share-summary.js';
import { exportFileName, transcriptMarkdown } from '../../export/transcript-markdown.js';
import type { Logger } from '../../logging/logger.js';
import type { SessionManager } from '../../session/session-manager.js';
import type { UploadedFile } from '../chat-port.js';
import { parsePositiveNumber, type InterviewRef } from '../command-grammar.js';
import type { OutboundMessage } from '../outbound-message.js';
import { notice } from '../views.js';

/** `/interview export|replay|share [N|id]`; no reference: the caller's most recent finished interview. */
export type ExportCommand = { name: 'export' | 'replay' | 'share'; ref: InterviewRef | null };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseExportCommand(verb: 'export' | 'replay' | 'share', words: string[]): ExportCommand | { name: 'help'; problem: string } {
  const usage = `\`${verb}\` takes the number \`/interview history\` gives an interview (1 = most recent) or an interview id; nothing means your most recent finished interview.`;
  if (words.length > 1) return { name: 'help', problem: `Extra words after a complete command: \`${words.slice(1).join(' ')}\`. ${usage}` };
  const [word] = words;
  if (word === undefined) return { name: verb, ref: null };
  if (UUID.test(word)) return { name: verb, ref: { sessionId: word.toLowerCase() } };
  const position = parsePositiveNumber(word);
  return position === null ? { name: 'help', problem: `\`${word}\` is neither a history number nor an interview id. ${usage}` } : { name: verb, ref: { position } };
}

export interface ExportDeps {
  sessions: SessionManager;
  logger?: Logger;
}

/** The interview a command means, finished and evaluated, or the private notice saying why not. */
async function finishedInterview(deps: ExportDeps, actor: Actor, ref: InterviewRef | null, needScore: boolean): Promise<{ session: Session; report: EvaluationReport | null } | OutboundMessage> {
  const found = ref ? await findOwnInterview(deps.sessions, actor, ref) : await latestCompletedInterview(deps.sessions, actor);
  if ('missing' in found) return notice(found.missing, 'warning');
  const session = found;
  const what = `Your ${session.topic ?? 'system design'} interview of ${(session.startedAt ?? session.createdAt).toISOString().slice(0, 10)}`;
  if (session.status !== 'completed') return notice(`${what} is still going; export, replay and share work once it has ended.`);
  const report = await deps.sessions.getEvaluation(session.id, actor);
  if (needScore && (!report || report.status !== 'completed' || report.overallScore === null)) {
    return notice(`${what} has no score to share${report?.status === 'pending' ? ' yet: its evaluation is still being written' : ''}.`, 'warning');
  }
  return { session, report };
}

/**
 * `/interview export`: the Markdown transcript with its evaluation, and the dimension chart as a
 * PNG beside it, for the owner alone (a private reply carrying files: the adapter decides how
 * "privately" is done on its platform).
 */
export async function exportCommand(deps: ExportDeps, actor: Actor, ref: InterviewRef | null): Promise<OutboundMessage> {
  const found = await finishedInterview(deps, actor, ref, false);
  if ('kind' in found) return found;
  const { session, report } = found;
  const transcript = await deps.sessions.getTranscript(session.id, actor);
  const chart = report ? await evaluationPicture({ kind: 'evaluation', message: { kind: 'evaluation', report, topic: session.topic, candidate: session.ownerDisplayName } } as Delivery, deps.logger) : null;
  const markdown: UploadedFile = { name: exportFileName(session), content: transcriptMarkdown(session, transcript, report, chart?.name ?? null), title: `Interview export: ${session.topic ?? 'system design'}`, mimeType: 'text/markdown' };
  return { kind: 'notice', tone: 'info', text: `Your ${session.topic ?? 'system design'} interview, exported: the transcript and evaluation as Markdown${chart ? ', with the chart' : ''}.`, files: chart ? [markdown, chart] : [markdown] };
}

/**
 * `/interview replay`: the condensed timeline, posted in the interview's thread as a durable
 * delivery (recorded, then posted by the delivery job, retried like any post).
 */
export async function replayCommand(deps: ExportDeps, actor: Actor, ref: InterviewRef | null): Promise<OutboundMessage> {
  const found = await finishedInterview(deps, actor, ref, false);
  if ('kind' in found) return found;
  const { session } = found;
  if (!session.threadId || !session.channelId) return notice('That interview has no thread to post the replay in.', 'warning');
  const transcript = await deps.sessions.getTranscript(session.id, actor);
  const text = replayTimeline(session, transcript);
  await deps.sessions.outgoing.post({ platform: session.platform, workspaceId: session.workspaceId, sessionId: session.id }, { kind: 'notice', message: { kind: 'text', text } });
  return notice('The replay is being posted in the interview thread.', 'info', session.threadId);
}

/**
 * `/interview share`: the score, band and top strengths as a top-level message in the
 * interview's channel. Recorded first and posted by the share job (retried, reconciled: see
 * share-job.ts), like every post the bot owes. Decision: one share per interview per channel;
 * a second `share` posts nothing and says privately where and when it was shared, since the
 * first is still there to be read and a repeat would only push the channel's talk aside.
 * `typedIn`: the channel the command came from, to say "this channel" when it is that one.
 */
export async function shareCommand(deps: ExportDeps, actor: Actor, ref: InterviewRef | null, typedIn?: string): Promise<OutboundMessage> {
  const found = await finishedInterview(deps, actor, ref, true);
  if ('kind' in found) return found;
  const { session, report } = found;
  if (!session.channelId) return notice('That interview has no channel to share it in.', 'warning');
  const candidate = session.ownerDisplayName ?? actor.displayName ?? session.ownerUserId;
  const recorded = await deps.sessions.shares.record({
    platform: session.platform,
    workspaceId: session.workspaceId,
    key: shareKey(session.id, session.channelId),
    sessionId: session.id,
    channelId: session.channelId,
    userId: actor.userId,
    text: shareSummary(session, report!, candidate),
    title: `${candidate}: ${session.topic ?? 'mock interview'} ${report!.overallScore}/100`,
  });
  const where = typedIn === session.channelId ? 'this channel' : 'the channel the interview took place in';
  if (recorded.state === 'already') {
    const when = `${recorded.since.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    return notice(`You already shared this interview on ${when}: it is at the top level of ${where}. An interview is shared once per channel, so nothing was posted again.`);
  }
  return notice(`Sharing your score in ${where}: it appears there at the top level in a moment.`);
}

export const EXPORT_HELP_LINES = [
  '- `/interview export [N|id]`: your interview as a Markdown file (transcript, evaluation, chart), privately',
  '- `/interview replay [N|id]`: a condensed timeline (phases, key decisions, where time went) in the interview thread',
  '- `/interview share [N|id]`: post your score, band and top strengths in the channel',
] as const;
