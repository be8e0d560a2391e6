import type { ResumeData } from '../domain/types.js';
import type { Topic } from './catalog/catalog-schema.js';

/**
 * The opening is posted in a channel, so it uses only what the candidate chose to show: a role
 * and years of experience (validated in session-config). The resume text never appears in it:
 * a phrase copied from it once carried a phone number into a channel.
 */
export function resumeIntro(resume: ResumeData | undefined, topic: Topic): string {
  const first = resume?.name?.trim().split(/\s+/)[0];
  const greeting = first && /^[\p{L}'-]{1,40}$/u.test(first) ? `Hi ${first}. ` : '';
  if (!resume?.role) return greeting;
  const years = resume.years === undefined ? '' : ` with ${resume.years} year${resume.years === 1 ? '' : 's'} of experience`;
  return `${greeting}I see you are a ${resume.role.toLowerCase()}${years}; draw on that where it helps, since ${topic.name.toLowerCase()} problems show up in many real systems. `;
}
