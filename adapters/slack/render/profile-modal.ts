import type { KnownBlock, ModalView } from '@slack/types';
import { z } from 'zod';
import { PROFILE_FIELD_LABELS, PROFILE_LIMITS, type ProfileField, type ProfileForm } from '../../../src/profiles/profile.js';

// `/interview profile` on Slack: a modal opened with the slash command's trigger_id
// (views.open), submitted back as a `view_submission` that Bolt routes by callback_id. Slack caps
// a plain_text_input at 3,000 characters, so the resume (up to 8,000) is three inputs, joined on
// submit. `private_metadata` carries the channel the command was typed in, where the
// confirmation is posted ephemerally (a view submission has no response_url).

export const PROFILE_CALLBACK_ID = 'mib_profile';
/** Slack's limit for one plain_text_input. */
const SLACK_INPUT_CHARS = 3_000;
const RESUME_PARTS = Math.ceil(PROFILE_LIMITS.resumeChars / SLACK_INPUT_CHARS);

const blockId = (field: ProfileField, part = 0) => (field === 'resumeText' ? `profile_resume_${part + 1}` : `profile_${field}`);

function input(field: ProfileField, label: string, value: string, options: { multiline?: boolean; maxLength: number; hint?: string; part?: number }): KnownBlock {
  return {
    type: 'input',
    block_id: blockId(field, options.part),
    optional: true,
    label: { type: 'plain_text', text: label },
    ...(options.hint ? { hint: { type: 'plain_text', text: options.hint } } : {}),
    element: {
      type: 'plain_text_input',
      action_id: 'value',
      multiline: options.multiline ?? false,
      max_length: options.maxLength,
      ...(value ? { initial_value: value } : {}),
    },
  };
}

/** The modal, pre-filled with the saved profile (only its owner sees it). */
export function profileModal(form: ProfileForm, channelId: string): ModalView {
  const resumeParts = Array.from({ length: RESUME_PARTS }, (_, i) => form.resumeText.slice(i * SLACK_INPUT_CHARS, (i + 1) * SLACK_INPUT_CHARS));
  return {
    type: 'modal',
    callback_id: PROFILE_CALLBACK_ID,
    private_metadata: JSON.stringify({ channel: channelId }),
    title: { type: 'plain_text', text: 'Your interview profile' },
    submit: { type: 'plain_text', text: 'Save' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'The interviewer uses your role, years and focus areas to choose questions. The resume text is private: never posted, never logged.' }] },
      input('role', PROFILE_FIELD_LABELS.role, form.role, { maxLength: PROFILE_LIMITS.roleChars }),
      input('years', PROFILE_FIELD_LABELS.years, form.years, { maxLength: 2 }),
      input('focusAreas', PROFILE_FIELD_LABELS.focusAreas, form.focusAreas, { maxLength: PROFILE_LIMITS.focusFieldChars, hint: 'e.g. caching, databases, messaging' }),
      ...resumeParts.map((part, i) =>
        input('resumeText', i === 0 ? PROFILE_FIELD_LABELS.resumeText : `Resume text, continued (${i + 1}/${RESUME_PARTS})`, part, { multiline: true, maxLength: SLACK_INPUT_CHARS, part: i }),
      ),
    ],
  };
}

const value = (max: number) => z.object({ value: z.object({ value: z.string().max(max).nullable().optional() }) }).partial();
const submissionSchema = z.object({
  type: z.literal('view_submission'),
  team: z.object({ id: z.string().max(32) }).nullable().optional(),
  user: z.object({ id: z.string().max(32), team_id: z.string().max(32).optional() }),
  view: z.object({
    callback_id: z.literal(PROFILE_CALLBACK_ID),
    private_metadata: z.string().max(3_000).optional(),
    state: z.object({ values: z.record(z.string().max(64), value(SLACK_INPUT_CHARS)) }),
  }),
});

export interface ProfileSubmission {
  teamId: string;
  userId: string;
  channelId: string | null;
  form: ProfileForm;
}

/** The channel the modal was opened from (the bot wrote `private_metadata`); null if it is not one. */
function channelOf(metadata: string | undefined): string | null {
  try {
    const meta = JSON.parse(metadata ?? '{}') as { channel?: unknown };
    return typeof meta.channel === 'string' && /^[A-Za-z0-9_-]{1,32}$/.test(meta.channel) ? meta.channel : null;
  } catch {
    return null;
  }
}

/** A profile view_submission read: who, where, the fields (the resume parts joined); null when it is not one. */
export function readProfileSubmission(body: unknown): ProfileSubmission | null {
  const parsed = submissionSchema.safeParse(body);
  if (!parsed.success) return null;
  const { user, team, view } = parsed.data;
  const field = (id: string) => view.state.values[id]?.value?.value ?? '';
  const channelId = channelOf(view.private_metadata);
  const resume = Array.from({ length: RESUME_PARTS }, (_, i) => field(blockId('resumeText', i))).join('');
  return {
    teamId: team?.id ?? user.team_id ?? '',
    userId: user.id,
    channelId,
    form: { role: field(blockId('role')), years: field(blockId('years')), focusAreas: field(blockId('focusAreas')), resumeText: resume },
  };
}

/** Field errors as Slack shows them under each input (`response_action: 'errors'`). */
export function slackFieldErrors(errors: Partial<Record<ProfileField, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors) as [ProfileField, string][]) out[blockId(field)] = message;
  return out;
}

/**
 * A log line about the profile modal (the Web API client's debug lines carry whole request and
 * response bodies: views.open's pre-filled resume) loses everything after its first words.
 */
export function withoutProfileForm(line: string): string {
  if (!line.includes(PROFILE_CALLBACK_ID)) return line;
  return `${line.slice(0, line.search(/[:{]/) + 1 || 40)} [the profile form: body not logged]`;
}
