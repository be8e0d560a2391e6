import type { Platform } from '../domain/types.js';
import { describeSize, type Attachment } from './attachment.js';

// What the listener knows about voice messages: whether they are taken, and their limits. No
// SDK here (the chat router loads this on every start, offline too).

export interface VoiceLimits {
  maxBytes: number;
  maxSeconds: number;
}

/** What the listener needs to know to take or refuse a voice message (no download happens there). */
export interface VoicePolicy {
  /** A transcriber is configured (OPENAI_API_KEY set). */
  enabled: boolean;
  limits: VoiceLimits;
}

export interface Transcriber {
  transcribe(audio: Attachment, platform: Platform): Promise<string>;
}

/** OpenAI's own limit on a transcription upload is 25 MB. */
export const DEFAULT_VOICE_LIMITS: VoiceLimits = { maxBytes: 25 * 1024 * 1024, maxSeconds: 300 };

const clock = (secs: number) => `${Math.floor(secs / 60)}:${String(Math.round(secs % 60)).padStart(2, '0')}`;

/** Why a voice message is not taken, in words for the candidate; undefined when it is. */
export function voiceRefusal(audio: Attachment, policy: VoicePolicy | undefined): string | undefined {
  const limits = policy?.limits ?? DEFAULT_VOICE_LIMITS;
  if (!policy?.enabled) {
    return 'Voice answers need OPENAI_API_KEY (they are transcribed through the OpenAI API), and this bot has no key configured. Your voice message was not saved; type your answer instead.';
  }
  if (audio.size > limits.maxBytes) {
    return `That voice message is ${describeSize(audio.size)}; the limit is ${describeSize(limits.maxBytes)}. It was not saved: record a shorter one or type your answer.`;
  }
  if (audio.durationSecs !== undefined && audio.durationSecs > limits.maxSeconds) {
    return `That voice message is ${clock(audio.durationSecs)} long; the limit is ${clock(limits.maxSeconds)}. It was not saved: record a shorter one or type your answer.`;
  }
  return undefined;
}
