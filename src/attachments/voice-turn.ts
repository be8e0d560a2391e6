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
  const transcript = (await transcriber.transcribe(audio, session.platform)) || NO_SPEECH;
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
