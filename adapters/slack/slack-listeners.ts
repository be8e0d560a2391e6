import type { App, RespondFn } from '@slack/bolt';
import type { ChatRouter, PrivateReply } from '../../src/chat/chat-router.js';
import type { OutboundMessage } from '../../src/chat/outbound-message.js';
import type { Logger } from '../../src/logging/logger.js';
import type { AppMetrics } from '../../src/observability/metrics.js';
import { parseActionId, SLACK_ACTION_ID_PATTERN } from './render/actions.js';
import { renderSlackMessage } from './render/render-slack-message.js';
import type { SlackChatPort } from './slack-chat-port.js';
import type { SlackUsers } from './slack-users.js';

interface Deps {
  router: ChatRouter;
  port: SlackChatPort;
  users: SlackUsers;
  metrics: AppMetrics;
  logger: Logger;
}

function viaRespond(respond: RespondFn): PrivateReply {
  return async (message: OutboundMessage) => {
    for (const part of renderSlackMessage(message)) await respond({ response_type: 'ephemeral', replace_original: false, text: part.text, blocks: part.blocks });
  };
}

/**
 * Slack events into the router: acknowledge first (Slack wants an answer within 3 s), normalize,
 * then do the work. Only human messages in threads reach the router; edits, deletions, bot
 * posts and top-level chatter are ignored here.
 */
export function registerSlackListeners(app: App, deps: Deps): void {
  app.command('/interview', async ({ command, ack, respond }) => {
    await ack();
    deps.metrics.chatEvents.inc({ kind: 'command', outcome: 'received' });
    const user = await deps.users.get(command.team_id, command.user_id);
    await deps.router.handleCommand(
      { platform: 'slack', workspaceId: command.team_id, channelId: command.channel_id, user, text: command.text ?? '' },
      viaRespond(respond),
    );
  });

  app.event('message', async ({ event, body, context }) => {
    const e = event as unknown as { subtype?: string; bot_id?: string; user?: string; text?: string; ts: string; thread_ts?: string; channel: string; team?: string };
    if (e.subtype || e.bot_id || !e.user || e.user === context.botUserId) return;
    if (!e.thread_ts || e.thread_ts === e.ts) return;
    deps.metrics.chatEvents.inc({ kind: 'thread_message', outcome: context.retryNum ? 'retry' : 'received' });
    const teamId = (body as { team_id?: string }).team_id ?? e.team ?? '';
    const user = await deps.users.get(teamId, e.user);
    const started = Date.now();
    await deps.router.handleThreadMessage(
      {
        platform: 'slack',
        workspaceId: teamId,
        channelId: e.channel,
        threadId: e.thread_ts,
        user,
        text: e.text ?? '',
        messageId: e.ts,
        eventId: (body as { event_id?: string }).event_id,
      },
      (message) => deps.port.notifyPrivately({ platform: 'slack', workspaceId: teamId, channelId: e.channel, threadId: e.thread_ts }, user.userId, message),
    );
    deps.metrics.turnSeconds.observe((Date.now() - started) / 1000);
  });

  app.action(SLACK_ACTION_ID_PATTERN, async ({ ack, body, action, respond }) => {
    await ack();
    const b = body as unknown as { team?: { id: string }; user: { id: string }; channel?: { id: string }; message?: { ts: string; thread_ts?: string } };
    const a = action as unknown as { action_id: string; value?: string };
    const actionId = parseActionId(a.action_id);
    if (!actionId || !b.channel) return;
    deps.metrics.chatEvents.inc({ kind: 'action', outcome: 'received' });
    const teamId = b.team?.id ?? '';
    const user = await deps.users.get(teamId, b.user.id);
    await deps.router.handleAction(
      { platform: 'slack', workspaceId: teamId, channelId: b.channel.id, threadId: b.message?.thread_ts ?? b.message?.ts, user, actionId, value: a.value ?? '' },
      viaRespond(respond),
    );
  });

  app.error(async (error) => {
    deps.logger.error({ component: 'SlackAdapter', operation: 'bolt_listener', error }, 'Slack listener failed');
  });
}
