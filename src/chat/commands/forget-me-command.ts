import { InterviewPlatformError } from '../../domain/errors.js';
import type { Actor } from '../../domain/types.js';
import type { ForgetMe } from '../../privacy/forget-me.js';
import type { InboundAction } from '../inbound.js';
import type { OutboundMessage } from '../outbound-message.js';
import { notice } from '../views.js';
import type { Refusal } from './refusal.js';

// `/interview forget-me`: a private confirmation with a button (Slack, Discord) or, in the
// terminal, `/interview forget-me confirm`. The button's value is the user id it was shown to,
// and a press by anyone else is refused: the button deletes only the presser's own data anyway,
// but a confirmation is personal.

export type ForgetMeCommand = { name: 'forget-me'; confirmed: boolean };

export const FORGET_ME_HELP_LINE = '- `/interview forget-me`: delete your profile, interviews, evaluations and stats in this workspace (asks first)';

export function parseForgetMe(words: string[]): ForgetMeCommand | Refusal {
  if (words.length === 0) return { name: 'forget-me', confirmed: false };
  if (words.length === 1 && words[0]!.toLowerCase() === 'confirm') return { name: 'forget-me', confirmed: true };
  return { name: 'help', problem: '`forget-me` takes no arguments: it asks you to confirm before deleting anything.' };
}

const WHAT = 'your profile (role, experience, focus areas, resume text), every interview you took here with its transcript and evaluation, your stats and your leaderboard setting';

/** The reply to `forget-me`: a confirmation; in the terminal (no buttons) `confirm` typed does it. */
export async function forgetMeCommand(forgetMe: ForgetMe | undefined, actor: Actor, command: ForgetMeCommand): Promise<OutboundMessage> {
  if (!forgetMe) return notice('Deleting your data is not available on this bot.', 'warning');
  if (actor.platform === 'console') {
    if (command.confirmed) return done(await forgetMe.forget(actor));
    return { kind: 'confirm', text: `This deletes ${WHAT}, and cannot be undone. Type \`/interview forget-me confirm\` to go ahead.`, actions: [] };
  }
  if (command.confirmed) return notice('Press the **Delete my data** button that `/interview forget-me` shows to confirm.', 'warning');
  return {
    kind: 'confirm',
    text: `This deletes ${WHAT} in this workspace, and cannot be undone. Messages already posted in channels stay: delete those in the app.`,
    actions: [{ actionId: 'privacy.forget', label: 'Delete my data', value: actor.userId, style: 'danger' }],
  };
}

/** A press of the confirmation button: only by the person it was shown to. */
export async function forgetMeAction(forgetMe: ForgetMe | undefined, actor: Actor, action: InboundAction): Promise<OutboundMessage> {
  if (!forgetMe) return notice('Deleting your data is not available on this bot.', 'warning');
  if (action.value !== actor.userId) {
    throw new InterviewPlatformError('FORBIDDEN', 'forget-me button pressed by someone else', {
      userMessage: 'That button belongs to someone else; nothing was deleted. Run `/interview forget-me` to delete your own data.',
    });
  }
  return done(await forgetMe.forget(actor));
}

function done(result: { sessions: number; files: number }): OutboundMessage {
  const interviews = result.sessions === 1 ? '1 interview' : `${result.sessions} interviews`;
  const files = result.files ? ` and ${result.files} saved chart${result.files === 1 ? '' : 's'}` : '';
  return notice(`Done: your profile, ${interviews}${files} and your stats are deleted.`);
}
