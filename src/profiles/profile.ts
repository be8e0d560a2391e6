import type { ResumeData } from '../domain/types.js';

// `/interview profile`: what a candidate tells the interviewer about themselves. Role, years and
// focus areas steer the questions; the resume text is private: never posted in a channel or a
// thread, never logged (the logger redacts `resumeText`/`resume_text`/`resumeData`), shown back
// only to its owner (as its length and first line) and given to the OpenAI interviewer only as a
// bounded excerpt (RESUME_EXCERPT_CHARS) inside tags, as data.

export interface Profile {
  role: string | null;
  years: number | null;
  focusAreas: string[];
  resumeText: string | null;
  updatedAt?: Date;
}

/** The form's fields as typed (every platform's form and the console prompt give strings). */
export interface ProfileForm {
  role: string;
  years: string;
  focusAreas: string;
  resumeText: string;
}
export type ProfileField = keyof ProfileForm;

export const PROFILE_LIMITS = {
  roleChars: 60,
  minYears: 0,
  maxYears: 60,
  focusAreas: 10,
  focusAreaChars: 60,
  /** The focus areas field as typed (a comma list). */
  focusFieldChars: 500,
  resumeChars: 8_000,
} as const;

/** How much of the resume text the OpenAI interviewer's prompt carries (the rest is never sent). */
export const RESUME_EXCERPT_CHARS = 1_500;

/** As session-config checks it for the opening: a plain role of a few words ("backend engineer"). */
const ROLE = /^[\p{L}][\p{L} &/+.-]{1,59}$/u;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export type ProfileParse = { ok: true; profile: Profile } | { ok: false; errors: Partial<Record<ProfileField, string>> };

/** Checks a submitted form field by field; an empty field clears it. Errors are written for the person. */
export function parseProfileForm(form: ProfileForm): ProfileParse {
  const errors: Partial<Record<ProfileField, string>> = {};
  const role = form.role.trim().replace(/\s+/g, ' ');
  if (role && !ROLE.test(role)) errors.role = `A role is a few words of letters (2 to ${PROFILE_LIMITS.roleChars} characters), like "backend engineer".`;

  const yearsText = form.years.trim();
  let years: number | null = null;
  if (yearsText) {
    years = /^\d{1,2}$/.test(yearsText) ? Number(yearsText) : NaN;
    if (!(years >= PROFILE_LIMITS.minYears && years <= PROFILE_LIMITS.maxYears)) errors.years = `Years of experience is a whole number from ${PROFILE_LIMITS.minYears} to ${PROFILE_LIMITS.maxYears}.`;
  }

  const focusAreas = [...new Set(form.focusAreas.split(/[,\n]/).map((f) => f.trim().replace(/\s+/g, ' ')).filter(Boolean))];
  if (form.focusAreas.length > PROFILE_LIMITS.focusFieldChars || focusAreas.length > PROFILE_LIMITS.focusAreas) {
    errors.focusAreas = `Give at most ${PROFILE_LIMITS.focusAreas} focus areas, separated by commas.`;
  } else if (focusAreas.some((f) => f.length > PROFILE_LIMITS.focusAreaChars || CONTROL.test(f))) {
    errors.focusAreas = `Each focus area is a few words (at most ${PROFILE_LIMITS.focusAreaChars} characters), separated by commas.`;
  }

  const resumeText = form.resumeText.replace(/\r\n?/g, '\n').trim();
  if (resumeText.length > PROFILE_LIMITS.resumeChars) errors.resumeText = `The resume text can be at most ${PROFILE_LIMITS.resumeChars.toLocaleString('en-US')} characters; it has ${resumeText.length.toLocaleString('en-US')}.`;
  else if (resumeText.includes('\u0000')) errors.resumeText = 'The resume text contains a NUL character; paste it again as plain text.';

  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, profile: { role: role || null, years, focusAreas, resumeText: resumeText || null } };
}

/** The form's fields pre-filled from a stored profile. */
export function profileFormValues(profile: Profile | null): ProfileForm {
  return {
    role: profile?.role ?? '',
    years: profile?.years === null || profile?.years === undefined ? '' : String(profile.years),
    focusAreas: profile?.focusAreas.join(', ') ?? '',
    resumeText: profile?.resumeText ?? '',
  };
}

/** The labels every form uses. */
export const PROFILE_FIELD_LABELS: Record<ProfileField, string> = {
  role: 'Role (e.g. backend engineer)',
  years: `Years of experience (${PROFILE_LIMITS.minYears}-${PROFILE_LIMITS.maxYears})`,
  focusAreas: 'Focus areas (comma-separated)',
  resumeText: `Resume text (private, up to ${PROFILE_LIMITS.resumeChars.toLocaleString('en-US')} characters)`,
};

/**
 * `/interview profile show`, for its owner only (always a private reply): the fields, and the
 * resume as its length and first line (at most 80 characters), never the whole text, so a
 * private reply shown on a shared screen gives away little.
 */
export function profileSummary(profile: Profile | null): string {
  if (!profile || (!profile.role && profile.years === null && !profile.focusAreas.length && !profile.resumeText)) {
    return 'You have no profile yet. `/interview profile` opens the form: role, years of experience, focus areas and resume text.';
  }
  const firstLine = profile.resumeText?.split('\n')[0]!.trim() ?? '';
  const shownLine = firstLine.length > 80 ? `${firstLine.slice(0, 79)}…` : firstLine;
  return [
    '**Your profile** (only you see this)',
    `- Role: ${profile.role ?? '(not set)'}`,
    `- Years of experience: ${profile.years ?? '(not set)'}`,
    `- Focus areas: ${profile.focusAreas.length ? profile.focusAreas.join(', ') : '(not set)'}`,
    `- Resume: ${profile.resumeText ? `${profile.resumeText.length.toLocaleString('en-US')} characters, starting "${shownLine}"` : '(not set)'}`,
    'The interviewer uses your role, years and focus areas to choose questions; the resume text is never posted and an AI interviewer sees at most its first 1,500 characters. `/interview profile` edits it, `/interview forget-me` deletes it.',
  ].join('\n');
}

/** What a session's config carries from the profile (session-config validates it again). */
export function resumeDataFrom(profile: Profile | null, user: { userId: string; displayName?: string }): ResumeData | undefined {
  if (!profile) return undefined;
  const data: ResumeData = { userId: user.userId };
  if (user.displayName) data.name = user.displayName;
  if (profile.role) data.role = profile.role;
  if (profile.years !== null) data.years = profile.years;
  if (profile.focusAreas.length) data.focusAreas = profile.focusAreas;
  if (profile.resumeText) data.text = profile.resumeText.slice(0, RESUME_EXCERPT_CHARS);
  return data;
}

/**
 * What a renderer shows for a `profile-form` reply it cannot open as a form (it should not
 * happen: every adapter opens it). Never the form's values, which hold the resume text.
 */
export const PROFILE_FORM_FALLBACK = 'Your profile form could not be opened here. Run `/interview profile` again; `/interview profile show` shows what is saved.';
