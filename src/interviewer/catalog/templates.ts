import type { InterviewTemplate } from '../../domain/types.js';
import type { PhaseId } from './catalog-schema.js';

export interface TemplateDefinition {
  id: InterviewTemplate;
  label: string;
  defaultMinutes: number;
  /** Share of the session each phase gets; sums to 1. A senior deep dive spends longest on depth. */
  phaseShares: Record<PhaseId, number>;
  /** Candidate turns a phase may take before the interviewer moves on even with time left. */
  maxTurnsPerPhase: Record<PhaseId, number>;
}

export const TEMPLATES: Record<InterviewTemplate, TemplateDefinition> = {
  standard: {
    id: 'standard',
    label: 'Standard (45 min)',
    defaultMinutes: 45,
    phaseShares: { requirements: 0.12, estimation: 0.1, 'api-data-model': 0.15, 'high-level-design': 0.25, 'deep-dive': 0.28, 'wrap-up': 0.1 },
    maxTurnsPerPhase: { requirements: 2, estimation: 2, 'api-data-model': 2, 'high-level-design': 3, 'deep-dive': 4, 'wrap-up': 1 },
  },
  quick: {
    id: 'quick',
    label: 'Quick (30 min)',
    defaultMinutes: 30,
    phaseShares: { requirements: 0.15, estimation: 0.08, 'api-data-model': 0.15, 'high-level-design': 0.3, 'deep-dive': 0.22, 'wrap-up': 0.1 },
    maxTurnsPerPhase: { requirements: 1, estimation: 1, 'api-data-model': 2, 'high-level-design': 2, 'deep-dive': 2, 'wrap-up': 1 },
  },
  'deep-dive': {
    id: 'deep-dive',
    label: 'Senior/staff deep dive (60 min)',
    defaultMinutes: 60,
    phaseShares: { requirements: 0.08, estimation: 0.08, 'api-data-model': 0.12, 'high-level-design': 0.22, 'deep-dive': 0.4, 'wrap-up': 0.1 },
    maxTurnsPerPhase: { requirements: 2, estimation: 2, 'api-data-model': 2, 'high-level-design': 3, 'deep-dive': 6, 'wrap-up': 1 },
  },
};

export function templateFor(id: InterviewTemplate | undefined): TemplateDefinition {
  return TEMPLATES[id ?? 'standard'];
}
