import type { Actor } from '../../domain/types.js';
import { profileFormValues, profileSummary } from '../../profiles/profile.js';
import type { ProfileService } from '../../profiles/profile-service.js';
import type { OutboundMessage } from '../outbound-message.js';
import { notice } from '../views.js';
import type { Refusal } from './refusal.js';

// `/interview profile` opens the form (a Slack or Discord modal, the console's prompts; the
// adapter turns the `profile-form` reply into it), `/interview profile show` answers privately
// with profileSummary. Both are private replies: a profile is never posted in a channel.

export type ProfileCommand = { name: 'profile'; show: boolean };

export const PROFILE_HELP_LINE = '- `/interview profile`: set your role, years of experience, focus areas and resume text (private) for the interviewer; `profile show` shows it to you';

export function parseProfile(words: string[]): ProfileCommand | Refusal {
  if (words.length === 0) return { name: 'profile', show: false };
  if (words.length === 1 && words[0]!.toLowerCase() === 'show') return { name: 'profile', show: true };
  return { name: 'help', problem: '`profile` opens your profile form; `profile show` shows it. Nothing else follows it.' };
}

export async function profileCommand(profiles: ProfileService | undefined, actor: Actor, command: ProfileCommand): Promise<OutboundMessage> {
  if (!profiles) return notice('Profiles are not available on this bot.', 'warning');
  const profile = await profiles.get(actor);
  if (command.show) return notice(profileSummary(profile));
  return { kind: 'profile-form', form: profileFormValues(profile) };
}

/** A submitted form: saved (or refused with the reasons), answered privately. */
export async function profileSubmitted(profiles: ProfileService | undefined, actor: Actor, form: Parameters<ProfileService['save']>[1]): Promise<OutboundMessage> {
  if (!profiles) return notice('Profiles are not available on this bot.', 'warning');
  const saved = await profiles.save({ ...actor, displayName: actor.displayName }, form);
  const what = [saved.role, saved.years === null ? null : `${saved.years} years`, saved.focusAreas.length ? `focus: ${saved.focusAreas.join(', ')}` : null].filter(Boolean).join(' · ');
  const resume = saved.resumeText ? ` Resume text saved (${saved.resumeText.length.toLocaleString('en-US')} characters, private).` : '';
  return notice(`Profile saved${what ? `: ${what}` : ''}.${resume} Your next interview uses it; \`/interview profile show\` shows it.`);
}
