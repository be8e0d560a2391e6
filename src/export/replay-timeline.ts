import type { Session, TranscriptMessage } from '../domain/types.js';
import { PHASES, type PhaseId } from '../interviewer/catalog/catalog-schema.js';
import { PHASE_TITLES } from '../interviewer/phase-plan.js';
import { reasoningIn } from '../substance/reasoning.js';
import { sentencesOf } from '../substance/sentences.js';
import { phasedTranscript } from './transcript-phases.js';

/** At most this many decisions are quoted, each cut to QUOTE_CHARS. */
export const MAX_DECISIONS = 5;
const QUOTE_CHARS = 220;

export interface PhaseSpan {
  phase: PhaseId;
  ms: number;
  answers: number;
}

/**
 * Where the time went: a phase runs from its first message to the next phase's first message
 * (the last one to the end of the interview). Clock time between messages, so a pause inside a
 * phase counts towards it; phases never reached are absent.
 */
export function phaseSpans(session: Session, transcript: readonly TranscriptMessage[]): PhaseSpan[] {
  const phased = phasedTranscript(transcript);
  const end = session.endedAt ?? phased.at(-1)?.message.createdAt ?? session.createdAt;
  const spans: (PhaseSpan & { from: number })[] = [];
  for (const { message, phase } of phased) {
    const last = spans.at(-1);
    if (!last || last.phase !== phase) spans.push({ phase, from: message.createdAt.getTime(), ms: 0, answers: 0 });
    if (message.role === 'candidate') spans.at(-1)!.answers += 1;
  }
  spans.forEach((span, i) => {
    span.ms = Math.max(0, (spans[i + 1]?.from ?? end.getTime()) - span.from);
  });
  // A phase the interviewer came back to counts once, in the order of the plan.
  return PHASES.flatMap((phase) => {
    const mine = spans.filter((s) => s.phase === phase);
    return mine.length ? [{ phase, ms: mine.reduce((a, s) => a + s.ms, 0), answers: mine.reduce((a, s) => a + s.answers, 0) }] : [];
  });
}

/** Sentences of the candidate that make a decision and give its reason (src/substance/reasoning.ts), with their phase. */
export function keyDecisions(transcript: readonly TranscriptMessage[]): { phase: PhaseId; quote: string }[] {
  const out: { phase: PhaseId; quote: string }[] = [];
  for (const { message, phase } of phasedTranscript(transcript)) {
    if (message.role !== 'candidate') continue;
    for (const sentence of reasoningIn(sentencesOf(message.content)).decisions) out.push({ phase, quote: sentence });
  }
  return out;
}

/** `/interview replay`: the interview condensed, as Markdown for its thread. */
export function replayTimeline(session: Session, transcript: readonly TranscriptMessage[]): string {
  const spans = phaseSpans(session, transcript);
  const total = spans.reduce((a, s) => a + s.ms, 0);
  const pct = (ms: number) => (total > 0 ? Math.round((ms / total) * 100) : 0);
  const lines = [`**Replay: ${session.topic ?? 'system design'} interview** (${session.config.durationMinutes} min planned, ${minutes(session.activeDurationMs)} active)`, '', '**Phases**'];
  for (const s of spans) lines.push(`- ${PHASE_TITLES[s.phase]}: ${minutes(s.ms)} (${pct(s.ms)}%), ${s.answers} answer${s.answers === 1 ? '' : 's'}`);
  if (!spans.length) lines.push('- (nothing was said)');
  const decisions = keyDecisions(transcript);
  lines.push('', '**Key decisions**');
  if (!decisions.length) lines.push('- No decision came with its reason; saying why you chose something is what interviewers listen for.');
  for (const d of decisions.slice(0, MAX_DECISIONS)) lines.push(`- _${PHASE_TITLES[d.phase]}_: "${cut(d.quote)}"`);
  if (decisions.length > MAX_DECISIONS) lines.push(`- and ${decisions.length - MAX_DECISIONS} more`);
  lines.push('', '**Where the time went**', `- ${whereTimeWent(spans, total)}`);
  return lines.join('\n');
}

function whereTimeWent(spans: PhaseSpan[], total: number): string {
  if (!spans.length || total === 0) return 'Too short to tell.';
  const longest = spans.reduce((a, b) => (b.ms > a.ms ? b : a));
  const missed = PHASES.filter((p) => !spans.some((s) => s.phase === p)).map((p) => PHASE_TITLES[p]);
  const most = `Most of it on ${PHASE_TITLES[longest.phase]} (${Math.round((longest.ms / total) * 100)}%).`;
  return missed.length ? `${most} Never reached: ${missed.join(', ')}.` : `${most} Every phase was reached.`;
}

const minutes = (ms: number) => (ms < 60_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`);
const cut = (s: string) => (s.length > QUOTE_CHARS ? `${s.slice(0, QUOTE_CHARS - 1)}…` : s).replace(/"/g, '”');
