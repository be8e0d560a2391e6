import type { OutboundMessage } from '../../src/chat/outbound-message.js';
import { PROFILE_FIELD_LABELS, type ProfileField, type ProfileForm } from '../../src/profiles/profile.js';

/**
 * `/interview profile` in the terminal: one line per field, in order (role, years, focus areas,
 * resume text). An empty line keeps what is saved, `-` clears it. The resume is one line (paste
 * it joined); its saved value is shown only as its length, and a piped run echoes it as its
 * length too, so a transcript of the run never holds it. End of input cancels: nothing is saved.
 */
export async function askProfile(
  current: ProfileForm,
  io: { readLine: () => Promise<string | null>; say: (message: OutboundMessage) => void; echo: ((line: string) => void) | null },
): Promise<ProfileForm | null> {
  io.say({ kind: 'text', text: 'Your interview profile, one line per field: press Enter to keep what is saved, type `-` to clear it.' });
  const form = { ...current };
  for (const field of ['role', 'years', 'focusAreas', 'resumeText'] as ProfileField[]) {
    const saved = current[field];
    const shown = !saved ? 'not set' : field === 'resumeText' ? `${saved.length.toLocaleString('en-US')} characters saved` : saved;
    io.say({ kind: 'text', text: `${PROFILE_FIELD_LABELS[field]} [${shown}]:` });
    const line = await io.readLine();
    if (line === null) return null;
    io.echo?.(field === 'resumeText' && line.trim() && line.trim() !== '-' ? `(${line.trim().length.toLocaleString('en-US')} characters)` : line);
    const typed = line.trim();
    if (typed === '-') form[field] = '';
    else if (typed) form[field] = field === 'resumeText' ? line : typed;
  }
  return form;
}
