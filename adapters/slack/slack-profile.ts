import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { ChatRouter, PrivateReply } from '../../src/chat/chat-router.js';
import type { OutboundMessage } from '../../src/chat/outbound-message.js';
import type { Logger } from '../../src/logging/logger.js';
import { parseProfileForm } from '../../src/profiles/profile.js';
import type { BackgroundTasks } from '../background-tasks.js';
import { PROFILE_CALLBACK_ID, profileModal, readProfileSubmission, slackFieldErrors } from './render/profile-modal.js';
import type { SlackChatPort } from './slack-chat-port.js';
import type { SlackUsers } from './slack-users.js';

/**
 * A slash command's private reply that opens the profile modal (views.open with the command's
 * trigger_id, valid for 3 seconds) when the router answers `profile-form`; every other reply
 * goes on as before. Without a trigger_id (never from Slack) or when Slack refuses, the user is
 * told privately.
 */
export function withProfileModal(reply: PrivateReply, opening: { client: WebClient; triggerId: string | undefined; channelId: string; logger: Logger }): PrivateReply {
  return async (message: OutboundMessage) => {
    if (message.kind !== 'profile-form') return reply(message);
    try {
      if (!opening.triggerId) throw new Error('no trigger_id');
      await opening.client.views.open({ trigger_id: opening.triggerId, view: profileModal(message.form, opening.channelId) });
    } catch (error) {
      const code = (error as { data?: { error?: string } }).data?.error;
      opening.logger.warn({ component: 'SlackAdapter', operation: 'profile_modal', metadata: { code } }, 'Could not open the profile modal');
      await reply({ kind: 'notice', tone: 'warning', text: 'I could not open your profile form just now. Run `/interview profile` again.' });
    }
  };
}

/**
 * The modal's `view_submission`: checked field by field at once (Slack shows errors under the
 * inputs, the modal stays open), then saved through the router after the ack; the confirmation
 * is an ephemeral message in the channel the command was typed in. Values are never logged.
 */
export function registerProfileView(app: App, deps: { router: ChatRouter; port: SlackChatPort; users: SlackUsers; logger: Logger; background: BackgroundTasks }): void {
  app.view(PROFILE_CALLBACK_ID, async ({ ack, body }) => {
    const submission = readProfileSubmission(body);
    if (!submission) {
      await ack();
      deps.logger.warn({ component: 'SlackAdapter', operation: 'profile_submit' }, 'A profile view submission failed validation; nothing was saved');
      return;
    }
    const parsed = parseProfileForm(submission.form);
    if (!parsed.ok) {
      await ack({ response_action: 'errors', errors: slackFieldErrors(parsed.errors) });
      return;
    }
    await ack();
    const { teamId, userId, channelId } = submission;
    deps.background.run('profile_submit', async () => {
      const user = await deps.users.get(teamId, userId);
      const target = { platform: 'slack' as const, workspaceId: teamId, channelId: channelId ?? userId };
      const reply: PrivateReply = async (message) => (channelId ? deps.port.notifyPrivately(target, userId, message) : undefined);
      await deps.router.handleProfileSubmit({ ...target, user, form: submission.form }, reply);
    });
  });
}
