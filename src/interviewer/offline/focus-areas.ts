import type { Concept, DeepDiveProbe, Topic } from '../catalog/catalog-schema.js';
import type { InterviewState } from '../transcript-state.js';

// The profile's focus areas steer the offline deep dive: of the questions still open, one on an
// area the candidate asked to practise comes first. The interviewer says why it picked it, in
// its own words: focus areas are never quoted in the (shared) thread (ResumeData).
export const FOCUS_LEADS = ["You listed this among the areas you want to practise, so let's go deeper here.", 'Another one from the areas you want to practise.'] as const;

const STOP = new Set(['and', 'the', 'for', 'with', 'design', 'system', 'systems', 'how', 'what', 'into', 'about']);

/** A rough stem, so "caching", "caches" and "cache", or "limiting" and "limiter", meet. */
function stem(word: string): string {
  const bare = word.replace(/(ing|ers|er|es|ed|s)$/, '').replace(/e$/, '');
  return bare.length >= 3 ? bare : word;
}

function stems(text: string): string[] {
  return (text.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter((w) => w.length >= 3 && !STOP.has(w)).map(stem);
}

/** Each focus area as the stems it needs; an area of only common words steers nothing. */
export function focusStems(focusAreas: readonly string[] | undefined): string[][] {
  return (focusAreas ?? []).map(stems).filter((s) => s.length > 0);
}

/** Whether every word of some focus area is in these texts ("rate limiting" needs both). */
function onFocus(focus: string[][], texts: string[]): boolean {
  const words = new Set(texts.flatMap(stems));
  return focus.some((area) => area.every((w) => words.has(w)));
}

export type FocusPick = { concept: Concept } | { deepDive: number; probe: DeepDiveProbe };

/**
 * The first open deep-dive question on a focus area: a deep-dive concept not yet covered or
 * probed (most important first), else one of the topic's harder questions not yet asked or
 * answered. `open` says whether a question text is still unsaid.
 */
export function focusPick(topic: Topic, focus: string[][], state: Pick<InterviewState, 'covered' | 'probed' | 'deepDivesAsked' | 'answered'>, open: (text: string) => boolean): FocusPick | null {
  if (focus.length === 0) return null;
  const concept = topic.concepts
    .filter((c) => c.phase === 'deep-dive' && !state.covered.has(c.id) && !state.probed.has(c.id) && open(c.probe))
    .sort((a, b) => b.weight - a.weight)
    .find((c) => onFocus(focus, [c.label, c.probe, ...c.keywords]));
  if (concept) return { concept };
  const deepDive = topic.deepDiveProbes.findIndex((p, i) => !state.deepDivesAsked.has(i) && !state.answered.has(`dd:${i}`) && open(p.question) && onFocus(focus, [p.question, ...p.coveredBy.flat()]));
  return deepDive >= 0 ? { deepDive, probe: topic.deepDiveProbes[deepDive]! } : null;
}
