import type OpenAI from 'openai';
import { toFile } from 'openai';
import { downloadAttachment, type DownloadSettings } from './download.js';
import type { Transcriber, VoiceLimits } from './voice-policy.js';

/**
 * Transcription through `audio.transcriptions.create` (any OpenAI-compatible server at
 * OPENAI_BASE_URL). The audio is downloaded by the turn worker, never by a listener, bounded by
 * the size limit; it is held in memory only for the request.
 */
export function openAiTranscriber(client: OpenAI, model: string, limits: VoiceLimits, download: DownloadSettings): Transcriber {
  return {
    async transcribe(audio, platform) {
      const { bytes, contentType } = await downloadAttachment(audio, platform, limits.maxBytes, download);
      const file = await toFile(bytes, audio.name || 'voice.ogg', { type: contentType || audio.contentType });
      const result = await client.audio.transcriptions.create({ file, model, response_format: 'json' });
      return result.text.trim();
    },
  };
}
