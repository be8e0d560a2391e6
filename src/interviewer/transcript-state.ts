import type { TranscriptMessage } from '../domain/types.js';
import { PHASES, type PhaseId, type Topic } from './catalog/catalog-schema.js';
import { conceptsIn, type ConceptHit } from './concept-coverage.js';

/** What the interviewer writes into each of its messages' metadata, and reads back next turn. */
export interface TurnNotes {
  phase: PhaseId;
  kind: string;
  concept?: string;
  deepDive?: number;
  topic?: string;
}

/** Where the interview stands, rebuilt from the transcript alone (any process can answer any turn). */
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
  /** Concepts covered in all candidate messages so far. */
  covered: Map<string, ConceptHit>;
  /** Concepts the latest candidate message brought up for the first time. */
  newlyCovered: ConceptHit[];
}

function notesOf(message: TranscriptMessage): Partial<TurnNotes> {
  return message.metadata as Partial<TurnNotes>;
}

export function readState(topic: Topic, transcript: readonly TranscriptMessage[]): InterviewState {
  const state: InterviewState = {
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
    covered: new Map(),
    newlyCovered: [],
  };
  const candidates = transcript.filter((m) => m.role === 'candidate');
  const lastCandidate = candidates.at(-1);
  for (const message of transcript) {
    if (message.role === 'interviewer') {
      const notes = notesOf(message);
      if (notes.phase && PHASES.includes(notes.phase) && notes.phase !== state.phase) {
        state.phase = notes.phase;
        state.turnsInPhase = 0;
      }
      if (notes.concept) (notes.kind === 'follow-up' ? state.followedUp : state.probed).add(notes.concept);
      if (typeof notes.deepDive === 'number') state.deepDivesAsked.add(notes.deepDive);
      if (notes.kind) state.kinds.set(notes.kind, (state.kinds.get(notes.kind) ?? 0) + 1);
      state.interviewerTexts.add(message.content);
      state.lastInterviewer = message.content;
      state.lastKind = notes.kind ?? '';
      if (notes.kind !== 'redirect' && notes.kind !== 'closing') state.lastQuestion = message.content;
    } else if (message.role === 'candidate') {
      state.turnsInPhase += 1;
      if (message === lastCandidate) {
        state.lastCandidate = message.content;
        state.newlyCovered = conceptsIn(topic, message.content).filter((hit) => !state.covered.has(hit.concept.id));
      }
      for (const hit of conceptsIn(topic, message.content)) if (!state.covered.has(hit.concept.id)) state.covered.set(hit.concept.id, hit);
    }
  }
  return state;
}
