import type { Concept, PhaseId, Topic } from '../catalog/catalog-schema.js';
import type { TemplateDefinition } from '../catalog/templates.js';
import { classifyIntent } from '../candidate-intent.js';
import { nextPhase, phaseByClock, phaseIndex, phaseWindows, PHASE_TITLES } from '../phase-plan.js';
import type { InterviewState, TurnNotes } from '../transcript-state.js';
import { FOLLOW_UPS, PHASE_INTROS, PHASE_QUESTIONS } from './phase-questions.js';

export interface TurnClock {
  elapsedActiveMs: number;
  remainingActiveMs: number;
  durationMinutes: number;
}

export interface PlannedTurn {
  content: string;
  notes: TurnNotes;
}

const REDIRECTS = [
  "I'll stay in my role as your interviewer, and the evaluation only reflects your design. Let's get back to it.",
  "Let's keep to the interview; nothing typed here changes how it is run or scored.",
  'Back to the design, please.',
];

/**
 * The offline interviewer's next message, decided from the interview's state (folded from the
 * transcript), the clock and the topic's concepts alone (deterministic: the same inputs give the same question). It follows up on what
 * the candidate just said, probes what they skipped, moves through the phases when a phase is
 * covered or its time is up, and hints only when asked or stuck.
 */
export function planNextTurn(topic: Topic, template: TemplateDefinition, clock: TurnClock, state: InterviewState): PlannedTurn {
  const intent = classifyIntent(state.lastCandidate);
  if (state.kinds.has('closing') || (state.phase === 'wrap-up' && state.turnsInPhase >= template.maxTurnsPerPhase['wrap-up'])) {
    return closing(state);
  }
  const lead: string[] = [];
  const phase = choosePhase(template, clock, state, intent === 'answer' || intent === 'short', lead);
  const moved = phase !== state.phase;
  if (!moved && intent === 'injection') {
    const redirect = REDIRECTS[(state.kinds.get('redirect') ?? 0) % REDIRECTS.length]!;
    return unique(state, `${redirect}\n\n${state.lastQuestion}`, { phase, kind: 'redirect' });
  }
  if (!moved && (intent === 'hint' || intent === 'stuck')) {
    const concept = hintTarget(topic, phase, state);
    if (concept) {
      const opener = intent === 'stuck' ? "That's fine, let me give you a nudge." : 'Sure, here is a hint.';
      return unique(state, `${opener} Think about ${lowerFirst(concept.label)}. ${concept.probe}`, { phase, kind: 'hint', concept: concept.id });
    }
  }
  if (intent === 'scale') {
    lead.push(`Good question. Assume: ${topic.scaleHints.join(' ')}`);
  } else if (!moved && intent === 'short') {
    lead.push('Could you expand on that a little?');
  }
  const question = chooseQuestion(topic, phase, state, !moved && intent === 'answer');
  if (!question) {
    // Nothing left to ask in this phase: move on rather than repeat ourselves.
    const next = nextPhase(phase);
    if (next === phase) return closing(state);
    const fallback = chooseQuestion(topic, next, state, false);
    if (!fallback) return closing(state);
    return unique(state, [...lead, PHASE_INTROS[next], fallback.text].join(' '), { ...fallback.notes, phase: next });
  }
  if (moved && !lead.some((l) => l.includes('move on') || l.includes('wrap up'))) lead.push(PHASE_INTROS[phase]);
  return unique(state, [...lead, question.text].join(' '), { ...question.notes, phase });
}

function choosePhase(template: TemplateDefinition, clock: TurnClock, state: InterviewState, answered: boolean, lead: string[]): PhaseId {
  const windows = phaseWindows(template, clock.durationMinutes);
  const current = state.phase;
  const endGame = Math.min(5 * 60_000, clock.durationMinutes * 60_000 * 0.1);
  if (current !== 'wrap-up' && clock.remainingActiveMs <= endGame) {
    lead.push(`We have about ${Math.max(1, Math.round(clock.remainingActiveMs / 60_000))} minutes left, so let's wrap up.`);
    return 'wrap-up';
  }
  const byClock = phaseByClock(windows, clock.elapsedActiveMs);
  if (phaseIndex(byClock) > phaseIndex(current)) {
    const window = windows.find((w) => w.phase === current)!;
    const over = Math.max(1, Math.round((clock.elapsedActiveMs - window.endMs) / 60_000));
    lead.push(`We're about ${over} minute${over === 1 ? '' : 's'} over the time I planned for ${PHASE_TITLES[current]}, so let's move on to ${PHASE_TITLES[byClock]}.`);
    return byClock;
  }
  if (answered && state.turnsInPhase >= template.maxTurnsPerPhase[current] && current !== 'wrap-up') return nextPhase(current);
  return current;
}

interface Question {
  text: string;
  notes: Omit<TurnNotes, 'phase'>;
}

function chooseQuestion(topic: Topic, phase: PhaseId, state: InterviewState, mayFollowUp: boolean): Question | null {
  const asked = (text: string) => [...state.interviewerTexts].some((t) => t.includes(text));
  // 1. Follow up on an important concept the candidate just raised, unless we just did.
  if (mayFollowUp && state.lastKind !== 'follow-up') {
    // Only real words make a natural follow-up ("key-value store", not "get /" or "301").
    const speakable = (k: string) => /^[a-z][a-z -]{3,}$/.test(k);
    const hit = state.newlyCovered.filter(
      (h) => h.concept.weight >= 2 && !state.followedUp.has(h.concept.id) && phaseIndex(h.concept.phase) >= phaseIndex('api-data-model') && h.keywords.some(speakable),
    )[0];
    if (hit) {
      const template = FOLLOW_UPS[state.followedUp.size % FOLLOW_UPS.length]!;
      // The most specific words they used read most like listening.
      const words = hit.keywords.filter(speakable).sort((a, b) => b.length - a.length)[0]!;
      const text = template.replace('{k}', words);
      if (!asked(text)) return { text, notes: { kind: 'follow-up', concept: hit.concept.id } };
    }
  }
  // 2. Probe what the candidate has skipped in this phase, most important first.
  const missing = topic.concepts
    .filter((c) => c.phase === phase && !state.covered.has(c.id) && !state.probed.has(c.id) && !asked(c.probe))
    .sort((a, b) => b.weight - a.weight);
  if (missing[0]) return { text: missing[0].probe, notes: { kind: 'probe', concept: missing[0].id } };
  // 3. In the deep dive, the topic's harder questions.
  if (phase === 'deep-dive') {
    const index = topic.deepDiveProbes.findIndex((p, i) => !state.deepDivesAsked.has(i) && !asked(p));
    if (index >= 0) return { text: topic.deepDiveProbes[index]!, notes: { kind: 'deep-dive', deepDive: index } };
  }
  // 4. General questions for the phase.
  const general = PHASE_QUESTIONS[phase].find((q) => !asked(q));
  return general ? { text: general, notes: { kind: 'general' } } : null;
}

function hintTarget(topic: Topic, phase: PhaseId, state: InterviewState): Concept | undefined {
  const lastProbed = topic.concepts.find((c) => state.lastInterviewer.includes(c.probe));
  if (lastProbed && !state.covered.has(lastProbed.id)) return lastProbed;
  return topic.concepts.filter((c) => c.phase === phase && !state.covered.has(c.id)).sort((a, b) => b.weight - a.weight)[0];
}

function closing(state: InterviewState): PlannedTurn {
  const count = state.kinds.get('closing') ?? 0;
  const content =
    count === 0
      ? "Thank you, that's the end of the interview. Type `/interview end` when you're ready and I'll write up your evaluation."
      : `Noted (${count} addition${count === 1 ? '' : 's'} after the wrap-up; they count toward the evaluation). Type \`/interview end\` for your evaluation.`;
  return { content, notes: { phase: 'wrap-up', kind: 'closing' } };
}

function unique(state: InterviewState, content: string, notes: TurnNotes): PlannedTurn {
  let text = content;
  // A verbatim repeat reads like a broken bot; vary the wording instead.
  for (let n = 2; state.interviewerTexts.has(text); n += 1) text = `${content} (${n})`;
  return { content: text, notes };
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
