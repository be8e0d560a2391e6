import type { App, RespondFn } from '@slack/bolt';
import type { ChatRouter, PrivateReply } from '../../src/chat/chat-router.js';
import type { OutboundMessage } from '../../src/chat/outbound-message.js';
import type { Logger } from '../../src/logging/logger.js';
import type { AppMetrics } from '../../src/observability/metrics.js';
import { BackgroundTasks } from '../background-tasks.js';
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
  background: BackgroundTasks;
}

function viaRespond(respond: RespondFn): PrivateReply {
  return async (message: OutboundMessage) => {
    for (const part of renderSlackMessage(message)) await respond({ response_type: 'ephemeral', replace_original: false, text: part.text, blocks: part.blocks });
  };
}

/**
 * Slack events into the router. The HTTP receiver answers Slack only when a listener returns
 * (processBeforeResponse), so each listener returns as soon as the ack is earned: a thread
 * message once it is stored with its pending turn (the interviewer answers it in a worker), a
 * command or button press at once, its work carried on in the background. Nothing slow (a
 * Web API call, the interviewer) runs before Slack hears 200.
 */
export function registerSlackListeners(app: App, deps: Deps): void {
  app.command('/interview', async ({ command, ack, respond }) => {
    await ack();
    deps.metrics.chatEvents.inc({ kind: 'command', outcome: 'received' });
    deps.background.run('command', async () => {
      const user = await deps.users.get(command.team_id, command.user_id);
      await deps.router.handleCommand({ platform: 'slack', workspaceId: command.team_id, channelId: command.channel_id, user, text: command.text ?? '' }, viaRespond(respond));
    });
  });

  app.event('message', async ({ event, body, context }) => {
    const e = event as unknown as { subtype?: string; bot_id?: string; user?: string; text?: string; ts: string; thread_ts?: string; channel: string; team?: string };
    if (e.subtype || e.bot_id || !e.user || e.user === context.botUserId) return;
    if (!e.thread_ts || e.thread_ts === e.ts) return;
    deps.metrics.chatEvents.inc({ kind: 'thread_message', outcome: context.retryNum ? 'retry' : 'received' });
    const teamId = (body as { team_id?: string }).team_id ?? e.team ?? '';
    const target = { platform: 'slack' as const, workspaceId: teamId, channelId: e.channel, threadId: e.thread_ts };
    // Only the author's id matters for an answer; no users.info call on the hot path.
    await deps.router.handleThreadMessage(
      { ...target, user: { userId: e.user }, text: e.text ?? '', messageId: e.ts, eventId: (body as { event_id?: string }).event_id },
      async (message) => deps.background.run('private_notice', () => deps.port.notifyPrivately(target, e.user!, message)),
    );
  });

  app.action(SLACK_ACTION_ID_PATTERN, async ({ ack, body, action, respond }) => {
    await ack();
    const b = body as unknown as { team?: { id: string }; user: { id: string }; channel?: { id: string }; message?: { ts: string; thread_ts?: string } };
    const a = action as unknown as { action_id: string; value?: string };
    const actionId = parseActionId(a.action_id);
    if (!actionId || !b.channel) return;
    deps.metrics.chatEvents.inc({ kind: 'action', outcome: 'received' });
    const teamId = b.team?.id ?? '';
    const channelId = b.channel.id;
    deps.background.run('action', async () => {
      const user = await deps.users.get(teamId, b.user.id);
      await deps.router.handleAction(
        { platform: 'slack', workspaceId: teamId, channelId, threadId: b.message?.thread_ts ?? b.message?.ts, user, actionId, value: a.value ?? '' },
        viaRespond(respond),
      );
    });
  });

  app.error(async (error) => {
    deps.logger.error({ component: 'SlackAdapter', operation: 'bolt_listener', error }, 'Slack listener failed');
  });
}
