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
export function withProfileModal(reply: PrivateReply, opening: { client: WebClient; triggerId: string | undefined; channelId: string; logger: Logger; triggerMs?: number }): PrivateReply {
  return async (message: OutboundMessage) => {
    if (message.kind !== 'profile-form') return reply(message);
    let waiting: NodeJS.Timeout | undefined;
    try {
      if (!opening.triggerId) throw new Error('no trigger_id');
      const opened = opening.client.views.open({ trigger_id: opening.triggerId, view: profileModal(message.form, opening.channelId) });
      // The trigger_id is good for 3 seconds: past that, an answer (or a retry) changes nothing for
      // the user, so they are told then rather than at the client's timeout.
      const expired = new Promise<never>((_, reject) => {
        waiting = setTimeout(() => reject(Object.assign(new Error('views.open unanswered'), { code: TRIGGER_EXPIRED })), opening.triggerMs ?? TRIGGER_MS);
      });
      opened.catch(() => undefined);
      await Promise.race([opened, expired]);
    } catch (error) {
      const e = error as { code?: string; retryAfter?: number; data?: { error?: string } };
      const code = e.data?.error ?? e.code;
      opening.logger.warn({ component: 'SlackAdapter', operation: 'profile_modal', metadata: { code } }, 'Could not open the profile form');
      await reply({ kind: 'notice', tone: 'warning', text: profileFormFailure(e) });
    } finally {
      clearTimeout(waiting);
    }
  };
}

/** Slack lets a modal open only within 3 s of the command; a little margin for the round trip. */
const TRIGGER_MS = 3_500;
const TRIGGER_EXPIRED = 'trigger_expired_waiting';

/**
 * What the user is told when the form did not (visibly) open. A 429 was not carried out; a
 * timeout or a 5xx may have opened it after all, so that reply does not say it failed. Either
 * way nothing is retried: the command's trigger_id has expired.
 */
function profileFormFailure(e: { code?: string; retryAfter?: number; statusCode?: number; data?: { error?: string } }): string {
  if (e.code === 'slack_webapi_rate_limited_error') {
    const wait = Math.max(1, Math.ceil(e.retryAfter ?? 1));
    return `Slack is rate limiting this app right now, so your profile form did not open. Wait ${wait} second${wait === 1 ? '' : 's'}, then run \`/interview profile\` again.`;
  }
  const unsure = e.code === TRIGGER_EXPIRED || e.code === 'slack_webapi_request_error' || (e.code === 'slack_webapi_http_error' && (e.statusCode ?? 500) >= 500);
  if (unsure) return 'Slack did not confirm that your profile form opened. If you do not see it, run `/interview profile` again (a form can only open within 3 seconds of the command, so I cannot retry it for you).';
  return 'I could not open your profile form just now. Run `/interview profile` again.';
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
