import type { InterviewerState, InterviewTurn } from '../domain/ports.js';
import type { TranscriptMessage } from '../domain/types.js';
import { PHASES, type PhaseId, type Topic } from './catalog/catalog-schema.js';
import { conceptsIn, type ConceptHit } from './concept-coverage.js';
import { analyzedPart } from '../substance/limits.js';
import { answeredBy } from './question-coverage.js';

/** What the interviewer writes into each of its messages' metadata, and reads back next turn. */
export interface TurnNotes {
  phase: PhaseId;
  kind: string;
  concept?: string;
  deepDive?: number;
  /** A general question's key (`gq:<phase>:<i>`), or a followed-up decision (`decision:<what>`). */
  question?: string;
  topic?: string;
}

/** Where the interview stands: folded message by message, kept between turns. */
export interface InterviewState {
  phase: PhaseId;
  /** Candidate messages since the interviewer entered the current phase. */
  turnsInPhase: number;
  probed: Set<string>;
  followedUp: Set<string>;
  deepDivesAsked: Set<number>;
  kinds: Map<string, number>;
  interviewerTexts: Set<string>;
  lastInterviewer: string;
  /** The kind of the interviewer's last message (probe, follow-up, hint, redirect, ...). */
  lastKind: string;
  /** The last real question asked (not a redirect or closing), to restate after a detour. */
  lastQuestion: string;
  lastCandidate: string;
  /** Questions the candidate answered before being asked (see question-coverage). */
  answered: Set<string>;
  /** General questions asked, by key. */
  asked: Set<string>;
  /** Concepts covered in all candidate messages so far. */
  covered: Map<string, ConceptHit>;
  /** Concepts the latest candidate message brought up for the first time. */
  newlyCovered: ConceptHit[];
  /** The last transcript message folded in. */
  throughSeq: number;
}

export function emptyState(): InterviewState {
  return {
    phase: 'requirements',
    turnsInPhase: 0,
    probed: new Set(),
    followedUp: new Set(),
    deepDivesAsked: new Set(),
    kinds: new Map(),
    interviewerTexts: new Set(),
    lastInterviewer: '',
    lastKind: '',
    lastQuestion: '',
    lastCandidate: '',
    answered: new Set(),
    asked: new Set(),
    covered: new Map(),
    newlyCovered: [],
    throughSeq: 0,
  };
}

/**
 * Folds messages after `state.throughSeq` into the state, in order (a message already folded is
 * skipped, so a window that overlaps the state is fine). Mutates and returns the state.
 */
export function foldMessages(topic: Topic, state: InterviewState, messages: readonly TranscriptMessage[]): InterviewState {
  for (const message of messages) {
    if (message.seq <= state.throughSeq) continue;
    state.throughSeq = message.seq;
    if (message.role === 'interviewer') {
      const notes = message.metadata as Partial<TurnNotes>;
      if (notes.phase && PHASES.includes(notes.phase) && notes.phase !== state.phase) {
        state.phase = notes.phase;
        state.turnsInPhase = 0;
      }
      if (notes.concept) (notes.kind === 'follow-up' ? state.followedUp : state.probed).add(notes.concept);
      if (notes.question) (notes.kind === 'follow-up' ? state.followedUp : state.asked).add(notes.question);
      if (typeof notes.deepDive === 'number') state.deepDivesAsked.add(notes.deepDive);
      if (notes.kind) state.kinds.set(notes.kind, (state.kinds.get(notes.kind) ?? 0) + 1);
      state.interviewerTexts.add(message.content);
      state.lastInterviewer = message.content;
      state.lastKind = notes.kind ?? '';
      if (notes.kind !== 'redirect' && notes.kind !== 'closing') state.lastQuestion = message.content;
    } else if (message.role === 'candidate') {
      const said = analyzedPart(message.content);
      state.turnsInPhase += 1;
      state.lastCandidate = said;
      state.newlyCovered = conceptsIn(topic, said).filter((hit) => !state.covered.has(hit.concept.id));
      for (const hit of state.newlyCovered) state.covered.set(hit.concept.id, hit);
      for (const key of answeredBy(topic, said)) state.answered.add(key);
    }
  }
  return state;
}

/** The state of a whole transcript (the evaluation and tests read it this way). */
export function readState(topic: Topic, transcript: readonly TranscriptMessage[]): InterviewState {
  return foldMessages(topic, emptyState(), transcript);
}

/** The state for a turn: what was kept, with the turn's new messages folded in. */
export function stateForTurn(topic: Topic, turn: InterviewTurn): InterviewState {
  return foldMessages(topic, restoreState(topic, turn.state) ?? emptyState(), turn.messages);
}

/** The state as JSON for the session row. */
export function saveState(state: InterviewState): InterviewerState {
  return {
    throughSeq: state.throughSeq,
    phase: state.phase,
    turnsInPhase: state.turnsInPhase,
    probed: [...state.probed],
    followedUp: [...state.followedUp],
    deepDivesAsked: [...state.deepDivesAsked],
    kinds: Object.fromEntries(state.kinds),
    interviewerTexts: [...state.interviewerTexts],
    lastInterviewer: state.lastInterviewer,
    lastKind: state.lastKind,
    lastQuestion: state.lastQuestion,
    lastCandidate: state.lastCandidate,
    answered: [...state.answered],
    asked: [...state.asked],
    covered: Object.fromEntries([...state.covered].map(([id, hit]) => [id, hit.keywords])),
  };
}

/** Back from JSON; anything unreadable (an older shape) starts over from the transcript. */
export function restoreState(topic: Topic, saved: InterviewerState | null): InterviewState | null {
  if (!saved || typeof saved.throughSeq !== 'number' || !Array.isArray(saved.interviewerTexts)) return null;
  const list = <T>(value: unknown) => (Array.isArray(value) ? (value as T[]) : []);
  const covered = new Map<string, ConceptHit>();
  for (const [id, keywords] of Object.entries((saved.covered ?? {}) as Record<string, string[]>)) {
    const concept = topic.concepts.find((c) => c.id === id);
    if (concept) covered.set(id, { concept, keywords });
  }
  const phase = PHASES.includes(saved.phase as PhaseId) ? (saved.phase as PhaseId) : 'requirements';
  return {
    phase,
    turnsInPhase: Number(saved.turnsInPhase) || 0,
    probed: new Set(list<string>(saved.probed)),
    followedUp: new Set(list<string>(saved.followedUp)),
    deepDivesAsked: new Set(list<number>(saved.deepDivesAsked)),
    kinds: new Map(Object.entries((saved.kinds ?? {}) as Record<string, number>)),
    interviewerTexts: new Set(list<string>(saved.interviewerTexts)),
    lastInterviewer: String(saved.lastInterviewer ?? ''),
    lastKind: String(saved.lastKind ?? ''),
    lastQuestion: String(saved.lastQuestion ?? ''),
    lastCandidate: String(saved.lastCandidate ?? ''),
    answered: new Set(list<string>(saved.answered)),
    asked: new Set(list<string>(saved.asked)),
    covered,
    newlyCovered: [],
    throughSeq: saved.throughSeq,
  };
}
