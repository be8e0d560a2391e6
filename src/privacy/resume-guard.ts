import type { AiInterviewer, InterviewContext, InterviewerReply, InterviewerTurnReply, InterviewTurn, ReplyOptions } from '../domain/ports.js';

/** What a removed piece of resume text is replaced with in a posted message. */
export const RESUME_REDACTED = '[private resume detail removed]';
/** A run of this many words, in order, that is also in the resume is removed. */
export const RESUME_RUN_WORDS = 6;

const WORD = /[\p{L}\p{N}]+/gu;
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
// Digits with the separators phone and ID numbers are written with; 7+ digits counts.
const DIGITS = /\+?\d[\d ().\-/]*\d/g;
// A token mixing letters and digits (passport, licence, employee ids): 6+ characters, 2+ digits.
const ID_TOKEN = /[\p{L}\p{N}][\p{L}\p{N}\-/]*[\p{L}\p{N}]/gu;

interface Span {
  start: number;
  end: number;
}

/** What in a resume must never be posted: its word runs and its contact- and ID-like tokens. */
interface ResumeIndex {
  runs: Set<string>;
  emails: Set<string>;
  digits: string[];
  ids: Set<string>;
}

const digitsOf = (s: string) => s.replace(/\D/g, '');
const alnumOf = (s: string) => s.replace(/[^\p{L}\p{N}]/gu, '').toLowerCase();
const isIdLike = (token: string) => {
  const plain = alnumOf(token);
  return plain.length >= 6 && digitsOf(plain).length >= 2 && /\p{L}/u.test(plain);
};

function indexResume(resume: string): ResumeIndex {
  const words = [...resume.matchAll(WORD)].map((m) => m[0].toLowerCase());
  const runs = new Set<string>();
  for (let i = 0; i + RESUME_RUN_WORDS <= words.length; i++) runs.add(words.slice(i, i + RESUME_RUN_WORDS).join(' '));
  const emails = new Set([...resume.matchAll(EMAIL)].map((m) => m[0].toLowerCase()));
  const digits = [...resume.matchAll(DIGITS)].map((m) => digitsOf(m[0])).filter((d) => d.length >= 7);
  const ids = new Set([...resume.matchAll(ID_TOKEN)].map((m) => m[0]).filter(isIdLike).map(alnumOf));
  return { runs, emails, digits, ids };
}

function spansIn(text: string, index: ResumeIndex): Span[] {
  const spans: Span[] = [];
  const words = [...text.matchAll(WORD)].map((m) => ({ word: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length }));
  for (let i = 0; i + RESUME_RUN_WORDS <= words.length; i++) {
    const run = words.slice(i, i + RESUME_RUN_WORDS);
    if (index.runs.has(run.map((w) => w.word).join(' '))) spans.push({ start: run[0]!.start, end: run.at(-1)!.end });
  }
  for (const m of text.matchAll(EMAIL)) if (index.emails.has(m[0].toLowerCase())) spans.push({ start: m.index, end: m.index + m[0].length });
  for (const m of text.matchAll(DIGITS)) {
    const d = digitsOf(m[0]);
    // The same number, or one holding (or held in) it: a phone number with or without its country code.
    if (d.length >= 7 && index.digits.some((r) => r.includes(d) || d.includes(r))) spans.push({ start: m.index, end: m.index + m[0].length });
  }
  for (const m of text.matchAll(ID_TOKEN)) if (isIdLike(m[0]) && index.ids.has(alnumOf(m[0]))) spans.push({ start: m.index, end: m.index + m[0].length });
  spans.sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

/**
 * `text` with every piece of `resume` it repeats removed: a run of RESUME_RUN_WORDS (6) or more
 * words in the same order (case and punctuation aside), an email address, a number of 7+ digits
 * (phone, ID) or a letters-and-digits ID token that the resume holds. Paraphrase is not caught.
 */
export function redactResumeText(text: string, resume: string | undefined): string {
  if (!resume?.trim() || !text) return text;
  const spans = spansIn(text, indexResume(resume));
  if (!spans.length) return text;
  let out = '';
  let at = 0;
  for (const span of spans) {
    out += text.slice(at, span.start) + RESUME_REDACTED;
    at = span.end;
  }
  return out + text.slice(at);
}

/**
 * The interviewer as the core uses it: every reply (the opening too, and the text streamed
 * into the thread while it is written) goes through `redactResumeText` with the session's
 * resume excerpt before it is stored or posted. The OpenAI interviewer reads the excerpt and is
 * told never to quote it; this is the check that does not depend on the model obeying.
 */
export class ResumeGuardedInterviewer implements AiInterviewer {
  constructor(private readonly inner: AiInterviewer) {}

  get recentMessages(): number {
    return this.inner.recentMessages;
  }
  get streams(): boolean {
    return this.inner.streams;
  }

  initialize(context: InterviewContext): Promise<void> {
    return this.inner.initialize(context);
  }

  async openingQuestion(context: InterviewContext): Promise<InterviewerReply> {
    const reply = await this.inner.openingQuestion(context);
    return { ...reply, content: redactResumeText(reply.content, resumeOf(context)) };
  }

  async reply(context: InterviewContext, turn: InterviewTurn, options: ReplyOptions = {}): Promise<InterviewerTurnReply> {
    const resume = resumeOf(context);
    const onDelta = options.onDelta && resume ? guardedDeltas(options.onDelta, resume) : options.onDelta;
    const reply = await this.inner.reply(context, turn, { ...options, onDelta });
    return { ...reply, content: redactResumeText(reply.content, resume) };
  }
}

const resumeOf = (context: InterviewContext) => context.session.config.resumeData?.text?.trim() || undefined;

/**
 * Streamed text, redacted: the last RESUME_RUN_WORDS whitespace-separated pieces are held back
 * (they could be the start of a run, or part of a number, still being written), and if a
 * redaction ever reaches back into text already shown, nothing more is streamed (the stored
 * reply replaces what was shown).
 */
function guardedDeltas(onDelta: (delta: string) => void, resume: string): (delta: string) => void {
  let text = '';
  let shown = '';
  let stopped = false;
  return (delta) => {
    text += delta;
    if (stopped) return;
    const redacted = redactResumeText(text, resume);
    const pieces = [...redacted.matchAll(/\S+/g)];
    const cut = pieces.length > RESUME_RUN_WORDS ? pieces[pieces.length - RESUME_RUN_WORDS]!.index : 0;
    const safe = redacted.slice(0, cut);
    if (!safe.startsWith(shown)) {
      stopped = true;
      return;
    }
    if (safe.length > shown.length) {
      onDelta(safe.slice(shown.length));
      shown = safe;
    }
  };
}
