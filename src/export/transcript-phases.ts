import { PHASES, type PhaseId } from '../interviewer/catalog/catalog-schema.js';
import type { TranscriptMessage } from '../domain/types.js';

/** A transcript message with the interview phase it belongs to. */
export interface PhasedMessage {
  message: TranscriptMessage;
  phase: PhaseId;
}

/**
 * Each message's phase: the interviewer writes its phase into every message's metadata, and
 * everything after it (the candidate's answers, notices) belongs to that phase until the next.
 */
export function phasedTranscript(transcript: readonly TranscriptMessage[]): PhasedMessage[] {
  let phase: PhaseId = 'requirements';
  return transcript.map((message) => {
    const noted = message.metadata?.phase;
    if (message.role === 'interviewer' && typeof noted === 'string' && (PHASES as readonly string[]).includes(noted)) phase = noted as PhaseId;
    return { message, phase };
  });
}

/** `mm:ss` (or `h:mm:ss`) since `start`. */
export function offsetLabel(at: Date, start: Date): string {
  const total = Math.max(0, Math.floor((at.getTime() - start.getTime()) / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}
