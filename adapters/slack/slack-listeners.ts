import type { App, RespondFn } from '@slack/bolt';
import { ChatDeliveryError } from '../../src/chat/chat-delivery-error.js';
import { UNREADABLE_ACTION, type ChatRouter, type PrivateReply } from '../../src/chat/chat-router.js';
import { notice } from '../../src/chat/views.js';
import type { OutboundMessage } from '../../src/chat/outbound-message.js';
import type { UploadedFile } from '../../src/chat/chat-port.js';
import type { Logger } from '../../src/logging/logger.js';
import type { AppMetrics } from '../../src/observability/metrics.js';
import type { StatsView } from '../../src/progress/progress-types.js';
import { statsChart } from '../../src/progress/stats-chart.js';
import { BackgroundTasks } from '../background-tasks.js';
import { parseActionId, SLACK_ACTION_ID_PATTERN } from './render/actions.js';
import { contextBlocks } from './render/blocks.js';
import { escapeMrkdwn } from './render/mrkdwn.js';
import { MAX_BLOCKS } from './render/pack-messages.js';
import { renderSlackMessage, type SlackMessage } from './render/render-slack-message.js';
import type { SlackChatPort } from './slack-chat-port.js';
import { readBlockActions, readMessageEvent, readSlashCommand, unreadableCommandText, unreadableNoticeTarget, type UnreadableNoticeTarget } from './slack-payloads.js';
import { registerProfileView, withProfileModal } from './slack-profile.js';
import type { SlackUsers } from './slack-users.js';

interface Deps {
  router: ChatRouter;
  port: SlackChatPort;
  users: SlackUsers;
  metrics: AppMetrics;
  logger: Logger;
  background: BackgroundTasks;
}

/**
 * Tells a person privately that their thread message or button press could not be read (after
 * the ack, in the background): a message only inside a live interview's thread (the router looks).
 */
export function tellUnreadable(deps: Pick<Deps, 'router' | 'port' | 'background'>, t: UnreadableNoticeTarget): void {
  const target = { platform: 'slack' as const, workspaceId: t.workspaceId, channelId: t.channelId, ...(t.threadId ? { threadId: t.threadId } : {}) };
  const reply = (note: OutboundMessage) => deps.port.notifyPrivately(target, t.userId, note);
  deps.background.run('private_notice', () =>
    t.kind === 'action' ? reply(notice(UNREADABLE_ACTION, 'error')) : deps.router.handleUnreadableThreadMessage({ ...target, threadId: t.threadId! }, reply),
  );
}

/** The note on a private `stats` reply whose chart went to the asker's direct messages. */
export const CHART_IN_DM = '📈 Your chart of scores over time is in our direct messages.';

/**
 * Private replies through the response URL (ephemeral). An ephemeral message cannot carry a file,
 * so `stats`' chart is first uploaded into the asker's direct messages with the bot, and the
 * reply says so; without permission (`im:write`, `files:write`) or on any other failure the
 * numbers come without that note and a warning gives Slack's code.
 */
function viaRespond(respond: RespondFn, userId: string, deps: Deps): PrivateReply {
  return async (message: OutboundMessage) => {
    let parts = renderSlackMessage(message);
    if (message.kind === 'stats') {
      const note = await chartToDirectMessage(message.stats, userId, deps);
      if (note) parts = withNote(parts, note);
    }
    if (message.kind === 'notice' && message.files?.length) parts = withNote(parts, await filesToDirectMessage(message.files, userId, deps));
    for (const part of parts) await respond({ response_type: 'ephemeral', replace_original: false, text: part.text, blocks: part.blocks });
  };
}

/**
 * Uploads `stats`' chart into the user's DM with the bot: the note saying where it is, or that
 * it did not come (a 429: not sent) or may not have (a timeout or 5xx: Slack may have shared it);
 * nothing without a chart or without permission.
 */
async function chartToDirectMessage(stats: StatsView, userId: string, deps: Deps): Promise<string | undefined> {
  const chart = await statsChart(stats, { logger: deps.logger });
  if (!chart) return undefined;
  const warn = (code: string | undefined, why: string) =>
    deps.logger.warn({ component: 'SlackAdapter', operation: 'stats_chart', metadata: { code } }, `Stats sent without their chart: ${why}`);
  try {
    const result = await deps.port.uploadToDirectMessage(userId, chart, `From \`/interview stats\`: ${escapeMrkdwn(chart.title)}.`);
    if (result.status === 'not-permitted') warn(result.code, `the bot lacks the im:write or files:write scope (${result.code})`);
    return result.status === 'not-permitted' ? undefined : CHART_IN_DM;
  } catch (error) {
    const code = error instanceof ChatDeliveryError ? error.details.code : undefined;
    warn(code, `the upload to the direct message failed (${code ?? 'unknown'})`);
    if (error instanceof ChatDeliveryError && error.outcome === 'unknown') return CHART_MAYBE_IN_DM;
    return CHART_NOT_SENT;
  }
}

/** The notes on a `stats` reply whose chart did not reach the DM, or may not have. */
export const CHART_NOT_SENT = '⚠️ Your chart of scores over time could not be sent to our direct messages just now. Run `/interview stats` again in a minute to get it.';
export const CHART_MAYBE_IN_DM = '⚠️ Slack did not confirm that your chart of scores over time reached our direct messages. If it is not there, run `/interview stats` again in a minute.';

/** The note on a private reply whose files (`/interview export`) went to the asker's direct messages. */
export const FILES_IN_DM = '📄 The files are in our direct messages.';

/**
 * Uploads a private reply's files (`/interview export`) into the asker's DM with the bot, one
 * after the other: the note to add to the reply, saying where they are or why they are not.
 */
async function filesToDirectMessage(files: UploadedFile[], userId: string, deps: Deps): Promise<string> {
  const sent: string[] = [];
  for (const file of files) {
    try {
      const result = await deps.port.uploadToDirectMessage(userId, file, `From \`/interview export\`: ${escapeMrkdwn(file.title ?? file.name)}.`);
      if (result.status === 'not-permitted') {
        deps.logger.warn({ component: 'SlackAdapter', operation: 'export_upload', metadata: { code: result.code } }, `Export not uploaded: the bot lacks the im:write or files:write scope (${result.code})`);
        return `⚠️ The files could not be sent: this app lacks a permission (${result.code}). Ask a workspace admin.`;
      }
    } catch (error) {
      const code = error instanceof ChatDeliveryError ? error.details.code : undefined;
      deps.logger.warn({ component: 'SlackAdapter', operation: 'export_upload', metadata: { code } }, `Export upload to the direct message failed (${code ?? 'unknown'})`);
      // Only what is known: the files before this one are there; this one is not (a 429, a
      // refusal) or may be (a timeout or 5xx: Slack may have shared it); the rest were not sent.
      const there = sent.length ? `${sent.map((name) => `\`${name}\``).join(' and ')} ${sent.length === 1 ? 'is' : 'are'} in our direct messages, but ` : '';
      const failed = error instanceof ChatDeliveryError && error.outcome === 'unknown' ? `Slack did not confirm that \`${file.name}\` arrived` : `\`${file.name}\` could not be sent`;
      const rest = files.length - sent.length - 1;
      return `⚠️ ${there}${failed}${rest ? ` and ${rest} more ${rest === 1 ? 'file was' : 'files were'} not sent` : ''}. Please try \`/interview export\` again in a minute.`;
    }
    sent.push(file.name);
  }
  return FILES_IN_DM;
}

/** A line after the last part (a message of its own when the last part is full). */
function withNote(parts: SlackMessage[], note: string): SlackMessage[] {
  const noteBlocks = contextBlocks(note);
  const last = parts[parts.length - 1]!;
  if (last.blocks.length + noteBlocks.length > MAX_BLOCKS) return [...parts, { text: note, blocks: noteBlocks }];
  return [...parts.slice(0, -1), { text: `${last.text}\n${note}`, blocks: [...last.blocks, ...noteBlocks] }];
}

/**
 * Slack events into the router. The HTTP receiver answers Slack only when a listener returns
 * (processBeforeResponse), so each listener returns as soon as the ack is earned: a thread
 * message once it is stored with its pending turn (the interviewer answers it in a worker), a
 * command or button press at once, its work carried on in the background. Nothing slow (a
 * Web API call, the interviewer) runs before Slack hears 200.
 *
 * Every payload is read through the schemas of `slack-payloads.ts` first. Over HTTP the gate has
 * already refused what fails them; in Socket Mode this is the boundary: a command that cannot be
 * read is answered privately, an event or action that cannot be read is acknowledged and dropped,
 * with one warning naming the fields (never their values). Which message subtypes are answers,
 * edits or ignored is listed at `readMessageEvent`.
 */
export function registerSlackListeners(app: App, deps: Deps): void {
  const unreadable = (kind: string, problems: string[]) => {
    deps.metrics.chatEvents.inc({ kind, outcome: 'invalid' });
    deps.logger.warn({ component: 'SlackAdapter', operation: 'validate_payload', metadata: { kind, problems } }, 'A Slack payload failed validation; nothing was done');
  };

  app.command('/interview', async ({ command: raw, ack, respond, client }) => {
    const read = readSlashCommand(raw);
    if (!read.ok) {
      unreadable('command', read.problems);
      await ack({ response_type: 'ephemeral', text: unreadableCommandText(read.problems) });
      return;
    }
    const command = read.value;
    await ack();
    deps.metrics.chatEvents.inc({ kind: 'command', outcome: 'received' });
    deps.background.run('command', async () => {
      const user = await deps.users.get(command.team_id, command.user_id);
      // `/interview profile` answers with a form: opened as a modal with the command's trigger_id.
      const reply = withProfileModal(viaRespond(respond, command.user_id, deps), { client, triggerId: command.trigger_id, channelId: command.channel_id, logger: deps.logger });
      await deps.router.handleCommand({ platform: 'slack', workspaceId: command.team_id, channelId: command.channel_id, user, text: command.text ?? '' }, reply);
    });
  });

  app.event('message', async ({ event, body, context }) => {
    const read = readMessageEvent(event, body as { team_id?: unknown; event_id?: unknown });
    if (read.kind === 'invalid') {
      unreadable('thread_message', read.problems);
      const tell = unreadableNoticeTarget('event', body);
      if (tell) tellUnreadable(deps, tell);
      return;
    }
    if (read.kind === 'ignored' || read.userId === context.botUserId) return;
    const target = { platform: 'slack' as const, workspaceId: read.workspaceId, channelId: read.channelId, threadId: read.threadId };
    const message = { ...target, user: { userId: read.userId }, text: read.text, messageId: read.messageId, eventId: read.eventId, ...(read.attachments ? { attachments: read.attachments } : {}) };
    // Private notes (a paused interview, an edit not re-read) go out after the ack.
    const reply = async (note: OutboundMessage) => deps.background.run('private_notice', () => deps.port.notifyPrivately(target, read.userId, note));
    if (read.kind === 'edit') {
      deps.metrics.chatEvents.inc({ kind: 'thread_message_edit', outcome: context.retryNum ? 'retry' : 'received' });
      await deps.router.handleThreadMessageEdit(message, reply);
      return;
    }
    deps.metrics.chatEvents.inc({ kind: 'thread_message', outcome: context.retryNum ? 'retry' : 'received' });
    // Only the author's id matters for an answer; no users.info call on the hot path.
    await deps.router.handleThreadMessage(message, reply);
  });

  app.action(SLACK_ACTION_ID_PATTERN, async ({ ack, body, action: raw, respond }) => {
    await ack();
    const read = readBlockActions(body);
    if (!read.ok) {
      unreadable('action', read.problems);
      const tell = unreadableNoticeTarget('action', body);
      if (tell) tellUnreadable(deps, tell);
      return;
    }
    const b = read.value;
    const a = b.actions.find((candidate) => candidate.action_id === (raw as { action_id?: unknown }).action_id);
    const actionId = a && parseActionId(a.action_id);
    if (!a || !actionId || !b.channel) return;
    deps.metrics.chatEvents.inc({ kind: 'action', outcome: 'received' });
    const teamId = b.team?.id ?? b.user.team_id ?? '';
    const channelId = b.channel.id;
    deps.background.run('action', async () => {
      const user = await deps.users.get(teamId, b.user.id);
      await deps.router.handleAction(
        { platform: 'slack', workspaceId: teamId, channelId, threadId: b.message?.thread_ts ?? b.message?.ts, user, actionId, value: a.value ?? '' },
        viaRespond(respond, b.user.id, deps),
      );
    });
  });

  registerProfileView(app, deps);

  app.error(async (error) => {
    deps.logger.error({ component: 'SlackAdapter', operation: 'bolt_listener', error }, 'Slack listener failed');
  });
}
