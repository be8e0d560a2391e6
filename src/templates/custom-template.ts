import type { CustomTemplateConfig, InterviewTemplate, SessionConfig } from '../domain/types.js';
import { PHASES, type PhaseId } from '../interviewer/catalog/catalog-schema.js';
import { templateFor, TEMPLATES, type TemplateDefinition } from '../interviewer/catalog/templates.js';

export const STRICTNESS = ['lenient', 'standard', 'strict'] as const;
export type Strictness = (typeof STRICTNESS)[number];

/** A workspace's own template, as an admin defined it (stored per workspace, copied into a session's config). */
export type CustomTemplate = CustomTemplateConfig;

/** A name: lower-case letters, digits and dashes, 2-32 characters, not a built-in template's word. */
export const TEMPLATE_NAME = /^[a-z][a-z0-9-]{1,31}$/;
/** Words that already mean a built-in template in `start` (command-grammar.ts). */
export const RESERVED_TEMPLATE_NAMES = new Set(['standard', 'quick', 'short', 'deep-dive', 'deepdive', 'senior', 'staff', 'default', 'deep', 'dive']);

/**
 * Strictness changes how hard the interviewer presses: the number of candidate turns a phase may
 * take before it moves on (TemplateDefinition.maxTurnsPerPhase, read by the offline interviewer's
 * next-turn rule). Strict asks one more follow-up per phase than the standard template; lenient
 * one fewer (never below one); wrap-up is always one turn.
 */
export const STRICTNESS_TURNS: Record<Strictness, number> = { lenient: -1, standard: 0, strict: 1 };

/** The definition the interviewers and the phase plan read for a custom template. */
export function customDefinition(template: CustomTemplate): TemplateDefinition {
  const base = TEMPLATES.standard;
  const maxTurnsPerPhase = Object.fromEntries(
    PHASES.map((p) => [p, p === 'wrap-up' ? 1 : Math.max(1, base.maxTurnsPerPhase[p] + STRICTNESS_TURNS[template.strictness])]),
  ) as Record<PhaseId, number>;
  const phaseShares = Object.fromEntries(PHASES.map((p) => [p, (template.phaseShares[p] ?? 0) / 100])) as Record<PhaseId, number>;
  return { id: 'standard', label: `${template.name} (${template.durationMinutes} min)`, defaultMinutes: template.durationMinutes, phaseShares, maxTurnsPerPhase };
}

/**
 * The template a session runs on: its custom template (copied into the session's config when it
 * started, so removing or changing the template later never changes a running interview), else
 * the built-in one it names.
 */
export function sessionTemplate(config: Pick<SessionConfig, 'template' | 'customTemplate'>): TemplateDefinition {
  return config.customTemplate ? customDefinition(config.customTemplate) : templateFor(config.template);
}

/** A built-in template's name, or null. */
export function builtInTemplate(name: string): InterviewTemplate | null {
  return Object.hasOwn(TEMPLATES, name) ? (name as InterviewTemplate) : null;
}
