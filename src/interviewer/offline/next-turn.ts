import type { Concept, PhaseId, Topic } from '../catalog/catalog-schema.js';
import type { TemplateDefinition } from '../catalog/templates.js';
import { classifyIntent } from '../candidate-intent.js';
import { nextPhase, phaseByClock, phaseIndex, phaseWindows, PHASE_TITLES } from '../phase-plan.js';
import { topicWords } from '../topic-vocabulary.js';
import type { InterviewState, TurnNotes } from '../transcript-state.js';
import { lowerFirst } from '../../substance/sentences.js';
import { challengeFor } from './claim-challenge.js';
import { decisionFollowUp } from './decision-follow-up.js';
import { FOCUS_LEADS, focusPick } from './focus-areas.js';
import { GENERAL_QUESTIONS, PHASE_INTROS } from './phase-questions.js';
import { answerScopeQuestions } from './scope-answers.js';

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
const ASIDES = ["That's outside this interview, so I'll leave it there.", "Let's keep to the design for now.", "I'll pass on that one; we have a design to finish."];

/**
 * The offline interviewer's next message, decided from the interview's state (folded from the
 * transcript), the clock and the topic alone (deterministic: the same inputs give the same
 * message). It answers the candidate's scoping questions, challenges a claim that does not add
 * up, follows up on decisions, probes what was skipped, never asks what was already answered or
 * says the same thing twice, and moves through the phases by coverage and by the clock.
 */
export function planNextTurn(topic: Topic, template: TemplateDefinition, clock: TurnClock, state: InterviewState, focus: string[][] = []): PlannedTurn {
  const classified = classifyIntent(state.lastCandidate, topicWords(topic));
  // A short answer that makes a decision ("I'd store it in Cassandra.") is an answer to follow up.
  const intent = classified === 'short' && decisionFollowUp(state.lastCandidate, state.followedUp) ? 'answer' : classified;
  if (state.kinds.has('closing') || (state.phase === 'wrap-up' && state.turnsInPhase >= template.maxTurnsPerPhase['wrap-up'])) {
    return closing(state);
  }
  const lead: string[] = [];
  const phase = choosePhase(template, clock, state, intent === 'answer' || intent === 'short', lead);
  const moved = phase !== state.phase;
  if (intent === 'injection' || intent === 'off-topic') {
    const openers = intent === 'injection' ? REDIRECTS : ASIDES;
    const kind = intent === 'injection' ? 'redirect' : 'aside';
    const start = state.kinds.get(kind) ?? 0;
    // The phase is moving on anyway: acknowledge in one line, then the next phase's question.
    if (moved) lead.unshift(openers[start % openers.length]!);
  }
  if (!moved && (intent === 'injection' || intent === 'off-topic')) {
    const openers = intent === 'injection' ? REDIRECTS : ASIDES;
    const kind = intent === 'injection' ? 'redirect' : 'aside';
    const start = state.kinds.get(kind) ?? 0;
    const options = openers.map((_, i) => `${openers[(start + i) % openers.length]}\n\n${state.lastQuestion}`);
    const detour = say(state, options, { phase, kind });
    if (detour) return detour;
    // Every wording used already: say it once more, briefly, and move the interview on.
    lead.push(openers[start % openers.length]!);
  }
  if (!moved && (intent === 'hint' || intent === 'stuck')) {
    const hint = hintFor(topic, phase, state, intent);
    if (hint) return hint;
  }
  const scope = answerScopeQuestions(topic, state.lastCandidate);
  if (scope) lead.push(scope);
  else if (intent === 'scale') lead.push(`Good question. Assume: ${topic.scaleHints.join(' ')}`);
  else if (!moved && intent === 'short') lead.push('Could you expand on that a little?');
  // A claim that does not add up is challenged before anything else, in the phase it was made
  // (even when the clock says move on; never in the last minutes).
  if (intent === 'answer' && phase !== 'wrap-up') {
    const challenge = challengeFor(topic, state.lastCandidate, state.phase);
    const said = challenge && say(state, [[...(moved ? [] : lead), challenge].join(' ')], { phase: state.phase, kind: 'challenge' });
    if (said) return said;
  }
  const question = chooseQuestion(topic, phase, state, !moved && intent === 'answer', focus);
  if (!question) {
    // Nothing left to ask in this phase: move on rather than repeat ourselves.
    const next = nextPhase(phase);
    const fallback = next === phase ? null : chooseQuestion(topic, next, state, false, focus);
    if (!fallback) return closing(state);
    return say(state, [[...lead, PHASE_INTROS[next], fallback.text].join(' ')], { ...fallback.notes, phase: next }) ?? closing(state);
  }
  if (moved && !lead.some((l) => l.includes('move on') || l.includes('wrap up'))) lead.push(PHASE_INTROS[phase]);
  return say(state, [[...lead, question.text].join(' '), [...lead, `Next: ${question.text}`].join(' ')], { ...question.notes, phase }) ?? closing(state);
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
  // A phase's turns spent moves on, except into the wrap-up: that waits for the clock, and a
  // fast candidate gets harder deep-dive questions meanwhile (until none are left).
  if (answered && state.turnsInPhase >= template.maxTurnsPerPhase[current] && current !== 'wrap-up' && nextPhase(current) !== 'wrap-up') return nextPhase(current);
  return current;
}

interface Question {
  text: string;
  notes: Omit<TurnNotes, 'phase'>;
}

/** `focus`: the profile's focus areas (focus-areas.ts), which pick the deep dive's next question. */
function chooseQuestion(topic: Topic, phase: PhaseId, state: InterviewState, mayFollowUp: boolean, focus: string[][]): Question | null {
  const spoken = (text: string) => [...state.interviewerTexts].some((t) => t.includes(text));
  // 1. Follow up on a decision the candidate just made (why, or what it costs), unless we just did.
  if (mayFollowUp && state.lastKind !== 'follow-up' && phaseIndex(phase) >= phaseIndex('api-data-model')) {
    const followUp = decisionFollowUp(state.lastCandidate, state.followedUp);
    if (followUp && !spoken(followUp.text)) return { text: followUp.text, notes: { kind: 'follow-up', question: followUp.key } };
  }
  // 2. In the deep dive, an open question on an area the candidate asked to practise, saying so.
  if (phase === 'deep-dive') {
    const pick = focusPick(topic, focus, state, (text) => !spoken(text));
    const lead = spoken(FOCUS_LEADS[0]) ? FOCUS_LEADS[1] : FOCUS_LEADS[0];
    if (pick && 'concept' in pick) return { text: `${lead} ${pick.concept.probe}`, notes: { kind: 'probe', concept: pick.concept.id } };
    if (pick) return { text: `${lead} ${pick.probe.question}`, notes: { kind: 'deep-dive', deepDive: pick.deepDive } };
  }
  // 3. Probe what the candidate has skipped in this phase, most important first.
  const missing = topic.concepts
    .filter((c) => c.phase === phase && !state.covered.has(c.id) && !state.probed.has(c.id) && !spoken(c.probe))
    .sort((a, b) => b.weight - a.weight);
  if (missing[0]) return { text: missing[0].probe, notes: { kind: 'probe', concept: missing[0].id } };
  // 4. In the deep dive, the topic's harder questions the candidate has not already answered.
  if (phase === 'deep-dive') {
    const index = topic.deepDiveProbes.findIndex((p, i) => !state.deepDivesAsked.has(i) && !state.answered.has(`dd:${i}`) && !spoken(p.question));
    if (index >= 0) return { text: topic.deepDiveProbes[index]!.question, notes: { kind: 'deep-dive', deepDive: index } };
  }
  // 5. General questions for the phase, likewise.
  const general = GENERAL_QUESTIONS[phase].findIndex((q, i) => !state.asked.has(`gq:${phase}:${i}`) && !state.answered.has(`gq:${phase}:${i}`) && !spoken(q.question));
  return general >= 0 ? { text: GENERAL_QUESTIONS[phase][general]!.question, notes: { kind: 'general', question: `gq:${phase}:${general}` } } : null;
}

function hintFor(topic: Topic, phase: PhaseId, state: InterviewState, intent: 'hint' | 'stuck'): PlannedTurn | null {
  const lastProbed = topic.concepts.find((c) => state.lastInterviewer.includes(c.probe) && !state.covered.has(c.id));
  const others = topic.concepts.filter((c) => c.phase === phase && !state.covered.has(c.id)).sort((a, b) => b.weight - a.weight);
  const opener = intent === 'stuck' ? "That's fine, let me give you a nudge." : 'Sure, here is a hint.';
  const options = [...(lastProbed ? [lastProbed] : []), ...others].map((c: Concept) => `${opener} Think about ${lowerFirst(c.label)}. ${c.probe}`);
  const concept = (text: string) => topic.concepts.find((c) => text.endsWith(c.probe))?.id;
  const text = options.find((o) => !state.interviewerTexts.has(o));
  return text ? { content: text, notes: { phase, kind: 'hint', concept: concept(text) } } : null;
}

function closing(state: InterviewState): PlannedTurn {
  const count = state.kinds.get('closing') ?? 0;
  const content =
    count === 0
      ? "Thank you, that's the end of the interview. Type `/interview end` when you're ready and I'll write up your evaluation."
      : `Noted (${count} addition${count === 1 ? '' : 's'} after the wrap-up; they count toward the evaluation). Type \`/interview end\` for your evaluation.`;
  return { content, notes: { phase: 'wrap-up', kind: 'closing' } };
}

/** The first of these wordings not said before in this interview; null when all were. */
function say(state: InterviewState, options: string[], notes: TurnNotes): PlannedTurn | null {
  const content = options.find((o) => !state.interviewerTexts.has(o));
  return content ? { content, notes } : null;
}

