import { InterviewPlatformError, isPlatformError } from '../domain/errors.js';
import type { Session, TranscriptMessage } from '../domain/types.js';
import type { DataStore } from '../storage/data-store.js';
import { attachmentsOf } from './attachment.js';
import type { Transcriber } from './voice-policy.js';

const NO_SPEECH = '(no speech could be recognized in the voice message)';

/**
 * A pending voice message is transcribed before the interviewer reads it: the transcript
 * replaces the stored placeholder (it is what the interviewer and the evaluator read) and is
 * kept in the metadata, so a retried turn does not transcribe again. Returns the messages with
 * the transcript in place, and the transcript for the candidate to see in the thread.
 */
export async function hearVoiceTurn(store: DataStore, transcriber: Transcriber, session: Session, messages: TranscriptMessage[]): Promise<{ messages: TranscriptMessage[]; transcript?: string }> {
  const turn = messages.at(-1);
  if (!turn || turn.mode !== 'audio' || turn.role !== 'candidate') return { messages };
  const known = turn.metadata.transcript;
  if (typeof known === 'string') return { messages, transcript: known };
  const audio = attachmentsOf(turn.metadata).find((a) => a.kind === 'audio');
  if (!audio) return { messages };
  let heard: string;
  try {
    heard = await transcriber.transcribe(audio, session.platform);
  } catch (error) {
    throw new InterviewPlatformError('COMPONENT_FAILURE', `Voice message ${turn.seq} could not be transcribed`, {
      cause: error,
      userMessage: NOT_TRANSCRIBED,
      context: { session_id: session.id, seq: turn.seq, [UNTRANSCRIBED]: true, ...(retryAfterMs(error) === undefined ? {} : { retry_after_ms: retryAfterMs(error) }) },
    });
  }
  const transcript = heard || NO_SPEECH;
  const metadata = { ...turn.metadata, transcript };
  await store.turns.setTranscript({ platform: session.platform, workspaceId: session.workspaceId, sessionId: session.id }, turn.seq, transcript, metadata);
  return { messages: [...messages.slice(0, -1), { ...turn, content: transcript, metadata }], transcript };
}

/** The reply as posted: the candidate's transcript quoted first, then the interviewer's words. */
export function withTranscript(reply: string, transcript: string | undefined): string {
  if (transcript === undefined) return reply;
  const quoted = transcript.slice(0, 3_000).split('\n').map((line) => `> ${line}`).join('\n');
  return `🎙️ Transcript of your voice message:\n${quoted}\n\n${reply}`;
}

/** The private notice when a voice message still cannot be transcribed on the turn's last attempt. */
export const NOT_TRANSCRIBED =
  'Your voice message could not be transcribed (downloading or transcribing it kept failing), so it is not counted as an answer and the interviewer has not read it. Send it again, or type your answer.';

const UNTRANSCRIBED = 'untranscribed';

/** Whether a turn failed because its voice message could not be transcribed (see hearVoiceTurn). */
export function isUntranscribed(error: unknown): error is InterviewPlatformError {
  return isPlatformError(error, 'COMPONENT_FAILURE') && error.context[UNTRANSCRIBED] === true;
}

/** The wait a failed transcription asked for (a 429's Retry-After, from OpenAI or from the file host). */
export function retryAfterMs(error: unknown): number | undefined {
  if (isPlatformError(error)) return typeof error.context.retry_after_ms === 'number' ? error.context.retry_after_ms : undefined;
  const e = error as { retryAfterMs?: unknown; status?: unknown; headers?: { get?: (name: string) => string | null } } | null;
  if (typeof e?.retryAfterMs === 'number') return e.retryAfterMs;
  if (e?.status !== 429 || typeof e.headers?.get !== 'function') return undefined;
  const seconds = Number(e.headers.get('retry-after'));
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/**
 * A voice message that could not be transcribed on the turn's last attempt. Decision: it is not
 * deleted (the candidate did send it, and the export lists it as such) but marked
 * `metadata.transcriptionFailed` and closed without a reply (turn skipped), its placeholder
 * replaced by a line that says it was not transcribed. Marked messages are left out of what the
 * interviewer and the evaluator read (`heardMessages`), so a placeholder never counts as an
 * answer; the candidate is told privately to send it again or type it.
 */
export function untranscribed(turn: TranscriptMessage): { content: string; metadata: Record<string, unknown> } {
  const audio = attachmentsOf(turn.metadata).find((a) => a.kind === 'audio');
  return { content: `[voice message${audio ? `: ${audio.name}` : ''}, could not be transcribed; not an answer]`, metadata: { ...turn.metadata, transcriptionFailed: true } };
}

/** The messages without voice messages that could not be transcribed (see `untranscribed`). */
export function heardMessages<T extends { metadata: Record<string, unknown> }>(messages: T[]): T[] {
  return messages.filter((m) => m.metadata.transcriptionFailed !== true);
}
