import { ComponentType, TextInputStyle, type APIModalInteractionResponseCallbackData } from 'discord.js';
import { PROFILE_LIMITS, type ProfileForm } from '../../../src/profiles/profile.js';

// `/interview profile` on Discord: a modal (interaction.showModal, the command's first and only
// response) and its submit interaction, routed by custom_id. A modal holds at most five inputs
// of at most 4,000 characters, labels of at most 45: the resume (up to 8,000) is two inputs.

export const PROFILE_MODAL_ID = 'profile.form';
/** Discord's limit for one text input. */
const DISCORD_INPUT_CHARS = 4_000;
const RESUME_INPUTS = ['resume_1', 'resume_2'] as const;

function textInput(customId: string, label: string, value: string, maxLength: number, paragraph = false) {
  return {
    type: ComponentType.ActionRow as const,
    components: [
      {
        type: ComponentType.TextInput as const,
        custom_id: customId,
        label,
        style: paragraph ? TextInputStyle.Paragraph : TextInputStyle.Short,
        required: false,
        max_length: maxLength,
        ...(value ? { value } : {}),
      },
    ],
  };
}

/** The modal, pre-filled with the saved profile (only its owner sees it). */
export function profileModal(form: ProfileForm): APIModalInteractionResponseCallbackData {
  return {
    custom_id: PROFILE_MODAL_ID,
    title: 'Your interview profile',
    components: [
      textInput('role', 'Role (e.g. backend engineer)', form.role, PROFILE_LIMITS.roleChars),
      textInput('years', `Years of experience (${PROFILE_LIMITS.minYears}-${PROFILE_LIMITS.maxYears})`, form.years, 2),
      textInput('focus', 'Focus areas (comma-separated)', form.focusAreas, PROFILE_LIMITS.focusFieldChars),
      textInput(RESUME_INPUTS[0], 'Resume text (private, never posted)', form.resumeText.slice(0, DISCORD_INPUT_CHARS), DISCORD_INPUT_CHARS, true),
      textInput(RESUME_INPUTS[1], 'Resume text, continued', form.resumeText.slice(DISCORD_INPUT_CHARS, 2 * DISCORD_INPUT_CHARS), DISCORD_INPUT_CHARS, true),
    ],
  };
}

/** The submitted fields (an input Discord left out counts as empty), the resume parts joined. */
export function profileFormFrom(value: (customId: string) => string | undefined): ProfileForm {
  const text = (id: string) => value(id) ?? '';
  return { role: text('role'), years: text('years'), focusAreas: text('focus'), resumeText: RESUME_INPUTS.map(text).join('') };
}
