import type { CommunicationMode } from '../domain/types.js';
import { imagePlaceholder, toStored, type Attachment } from './attachment.js';
import { readDiagram } from './diagram-text.js';
import { voiceRefusal, type VoicePolicy } from './voice-policy.js';

/** What a thread message is stored as: its mode, its text and what the metadata keeps. */
export interface ClassifiedMessage {
  mode: CommunicationMode;
  content: string;
  metadata?: Record<string, unknown>;
}

/**
 * Images (any text with them is kept as their caption) and typed diagrams are whiteboard
 * messages; a voice message or audio file is an audio message (its placeholder text is replaced
 * by the transcript in the turn worker); everything else is text. Attachments that are neither
 * image nor audio are ignored. Pure: no download happens here (the listener acks right after
 * the message is stored). A voice message that cannot be taken (no key, too big, too long)
 * carries `metadata.refusal`: the candidate is told privately and nothing is stored.
 */
export function classifyMessage(text: string, attachments: readonly Attachment[] = [], voice?: VoicePolicy): ClassifiedMessage {
  const images = attachments.filter((a) => a.kind === 'image');
  if (images.length > 0) {
    const caption = text.trim();
    const diagram = caption ? readDiagram(caption) : undefined;
    return {
      mode: 'whiteboard',
      content: caption ? `${caption}\n${imagePlaceholder(images)}` : imagePlaceholder(images),
      metadata: { attachments: toStored(images), ...(diagram ? { diagram } : {}) },
    };
  }
  const audio = attachments.find((a) => a.kind === 'audio');
  if (audio) {
    const refusal = voiceRefusal(audio, voice);
    const length = audio.durationSecs === undefined ? '' : `, ${Math.round(audio.durationSecs)} s`;
    return { mode: 'audio', content: `[voice message: ${audio.name}${length}, not transcribed yet]`, metadata: { attachments: toStored([audio]), ...(refusal ? { refusal } : {}) } };
  }
  const diagram = readDiagram(text);
  if (diagram) return { mode: 'whiteboard', content: text, metadata: { diagram } };
  return { mode: 'text', content: text };
}
