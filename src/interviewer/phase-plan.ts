import { PHASES, type PhaseId } from './catalog/catalog-schema.js';
import type { TemplateDefinition } from './catalog/templates.js';

export const PHASE_TITLES: Record<PhaseId, string> = {
  requirements: 'requirements',
  estimation: 'estimation',
  'api-data-model': 'API and data model',
  'high-level-design': 'high-level design',
  'deep-dive': 'deep dive',
  'wrap-up': 'wrap-up',
};

export interface PhaseWindow {
  phase: PhaseId;
  startMs: number;
  endMs: number;
}

/** Each phase's slice of the session's active time, in order, scaled to its duration. */
export function phaseWindows(template: TemplateDefinition, durationMinutes: number): PhaseWindow[] {
  const total = durationMinutes * 60_000;
  let start = 0;
  return PHASES.map((phase) => {
    const end = start + template.phaseShares[phase] * total;
    const window = { phase, startMs: Math.round(start), endMs: Math.round(end) };
    start = end;
    return window;
  });
}

/** The phase the clock says we should be in. */
export function phaseByClock(windows: PhaseWindow[], elapsedMs: number): PhaseId {
  return (windows.find((w) => elapsedMs < w.endMs) ?? windows.at(-1)!).phase;
}

export function phaseIndex(phase: PhaseId): number {
  return PHASES.indexOf(phase);
}

export function nextPhase(phase: PhaseId): PhaseId {
  return PHASES[Math.min(PHASES.length - 1, phaseIndex(phase) + 1)]!;
}
