import type { InterviewerState } from '../../domain/ports.js';
import type { ScoredEvaluation, Session, TranscriptMessage } from '../../domain/types.js';
import { PHASES, type PhaseId, type Topic } from '../../interviewer/catalog/catalog-schema.js';
import type { TopicCatalog } from '../../interviewer/catalog/topic-catalog.js';
import { sessionTemplate } from '../../templates/custom-template.js';
import { conceptsIn } from '../../interviewer/concept-coverage.js';
import { OfflineInterviewer } from '../../interviewer/offline/offline-interviewer.js';
import { GENERAL_QUESTIONS } from '../../interviewer/offline/phase-questions.js';
import { phaseWindows } from '../../interviewer/phase-plan.js';
import { coversAll } from '../../interviewer/question-coverage.js';
import { contextAfter, standaloneSession } from '../../interviewer/standalone-session.js';
import { scoreTranscriptOffline } from '../offline/offline-scorer.js';
import type { CorpusEntry } from './corpus.js';
import type { Check } from './corpus-checks.js';

/** A scripted candidate: a labeled transcript's answers, given when the interviewer's phase asks for them. */
export interface Persona {
  name: string;
  entry: CorpusEntry;
  /** Active time each answer takes; a fast candidate answers in seconds. */
  secondsPerAnswer: number;
}

export interface Simulation {
  persona: Persona;
  transcript: TranscriptMessage[];
  evaluation: ScoredEvaluation;
  checks: Check[];
}

/**
 * Runs the offline interviewer against a persona from the opening question to the evaluation:
 * the persona answers with the next unused answer of the phase the interviewer is in (or the
 * next phase that has one), asides (injection, small talk) where the script has them, and stops
 * when its answers run out or the interviewer closes.
 */
export async function simulateInterview(catalog: TopicCatalog, persona: Persona): Promise<Simulation> {
  const interviewer = new OfflineInterviewer(catalog);
  const session = standaloneSession(persona.entry.topicId, { durationMinutes: persona.entry.file.durationMinutes });
  const topic = catalog.get(persona.entry.topicId)!;
  const script = scriptOf(persona.entry);
  const transcript: TranscriptMessage[] = [];
  const elapsedAt: number[] = [];
  const push = (role: TranscriptMessage['role'], content: string, metadata: Record<string, unknown>) =>
    transcript.push({ sessionId: session.id, seq: transcript.length + 1, role, mode: 'text', content, authorUserId: role === 'candidate' ? session.ownerUserId : null, platformMessageId: null, replyToSeq: null, metadata, createdAt: new Date(0) });
  let elapsed = 0;
  const opening = await interviewer.openingQuestion(contextAfter(session, elapsed));
  push('interviewer', opening.content, opening.metadata ?? {});
  elapsedAt.push(elapsed);
  let state: InterviewerState | null = null;
  for (let turn = 0; turn < 60; turn += 1) {
    const last = transcript.at(-1)!;
    if (last.metadata.kind === 'closing') break;
    const answer = script.next((last.metadata.phase as PhaseId) ?? 'requirements');
    if (answer === null) break;
    elapsed += persona.secondsPerAnswer * 1_000;
    push('candidate', answer, {});
    const since = transcript.filter((m) => m.seq > (state?.throughSeq ?? 0));
    const reply = await interviewer.reply(contextAfter(session, elapsed), { state, messages: state ? since : transcript });
    state = reply.state;
    push('interviewer', reply.content, reply.metadata ?? {});
    elapsedAt.push(elapsed);
  }
  const evaluation = scoreTranscriptOffline(topic, transcript);
  return { persona, transcript, evaluation, checks: simulationChecks(topic, session, persona, transcript, elapsedAt) };
}

function simulationChecks(topic: Topic, session: Session, persona: Persona, transcript: TranscriptMessage[], elapsedAt: number[]): Check[] {
  const replies = transcript.filter((m) => m.role === 'interviewer');
  const repeated = replies.filter((r, i) => replies.findIndex((o) => o.content === r.content) !== i);
  const stale: string[] = [];
  transcript.forEach((m, i) => {
    if (m.role !== 'interviewer') return;
    const before = transcript.slice(0, i).filter((x) => x.role === 'candidate').map((x) => x.content);
    const notes = m.metadata as { kind?: string; concept?: string; deepDive?: number; question?: string };
    const covered =
      (notes.kind === 'probe' && before.some((t) => conceptsIn(topic, t).some((h) => h.concept.id === notes.concept))) ||
      (notes.kind === 'deep-dive' && before.some((t) => coversAll(topic.deepDiveProbes[notes.deepDive!]!.coveredBy, t))) ||
      (notes.kind === 'general' && before.some((t) => coversAll(generalQuestion(notes.question!).coveredBy, t)));
    if (covered) stale.push(m.content);
  });
  const windows = phaseWindows(sessionTemplate(session.config), session.config.durationMinutes);
  const wrapStart = windows.find((w) => w.phase === 'wrap-up')!.startMs;
  const earlyWrap = replies.filter((r, i) => r.metadata.phase === 'wrap-up' && elapsedAt[i]! < wrapStart);
  const name = persona.name;
  // A candidate who sizes another system is asked which scale they are designing for.
  const scaleChecks: Check[] =
    persona.entry.label === 'off-scale'
      ? [{ name: `${name}: challenges inputs off the topic's scale`, ok: replies.some((r) => r.metadata.kind === 'challenge' && r.content.includes('the numbers I gave work out to')), detail: replies.find((r) => r.metadata.kind === 'challenge')?.content.slice(0, 100) ?? 'no challenge' }]
      : [];
  return [
    ...scaleChecks,
    { name: `${name}: no reply repeats an earlier one`, ok: repeated.length === 0, detail: repeated.length ? `repeated: "${repeated[0]!.content.slice(0, 80)}"` : `${replies.length} replies` },
    { name: `${name}: never asks for what was already covered`, ok: stale.length === 0, detail: stale.length ? `asked again: "${stale[0]!.slice(0, 80)}"` : 'none' },
    { name: `${name}: wrap-up only near the end of the time`, ok: earlyWrap.length === 0, detail: earlyWrap.length ? `wrap-up at ${Math.round(elapsedAt[replies.indexOf(earlyWrap[0]!)]! / 1000)} s` : 'ok' },
  ];
}

function generalQuestion(key: string) {
  const [, phase, index] = key.split(':') as [string, PhaseId, string];
  return GENERAL_QUESTIONS[phase][Number(index)]!;
}

/** The persona's answers by phase (asides kept where they were), handed out in order. */
function scriptOf(entry: CorpusEntry) {
  let phase: PhaseId = 'requirements';
  const byPhase = new Map<PhaseId, string[]>(PHASES.map((p) => [p, []]));
  const asides = new Map<number, string[]>();
  let answers = 0;
  for (const m of entry.file.messages) {
    if (m.role === 'interviewer') phase = m.phase ?? phase;
    else if (m.flag) asides.set(answers, [...(asides.get(answers) ?? []), m.content]);
    else {
      byPhase.get(phase)!.push(m.content);
      answers += 1;
    }
  }
  let given = 0;
  return {
    next(asked: PhaseId): string | null {
      const aside = asides.get(given)?.shift();
      if (aside) return aside;
      const from = PHASES.indexOf(asked);
      const phases = [...PHASES.slice(from), ...PHASES.slice(0, from)];
      const queue = phases.map((p) => byPhase.get(p)!).find((q) => q.length > 0);
      if (!queue) return null;
      given += 1;
      return queue.shift()!;
    },
  };
}
