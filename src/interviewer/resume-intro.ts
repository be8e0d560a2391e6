import type { ResumeData } from '../domain/types.js';
import type { Topic } from './catalog/catalog-schema.js';

const ROLE = /\b((?:senior|staff|principal|lead|junior)?\s*(?:software|backend|back-end|frontend|platform|infrastructure|data|site reliability|full[- ]stack)?\s*(?:engineer|developer|architect|sre|engineering manager))\b[^.\n]{0,60}/i;

/**
 * An opening that relates the problem to the candidate's past role when a resume is present.
 * Only a short role phrase is used; the resume text itself is never repeated or logged.
 */
export function resumeIntro(resume: ResumeData | undefined, topic: Topic): string {
  const greeting = resume?.name ? `Hi ${resume.name.split(/\s+/)[0]}. ` : '';
  const role = resume?.text?.match(ROLE)?.[0]?.trim().replace(/\s+/g, ' ');
  if (!role) return greeting;
  return `${greeting}I see you have worked as ${role.replace(/[,;:]$/, '')}; draw on that where it helps, since ${topic.name.toLowerCase()} problems show up in many real systems. `;
}
