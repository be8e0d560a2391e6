import type OpenAI from 'openai';
import type { Attachment } from '../attachments/attachment.js';
import { downloadAttachment, type DownloadSettings } from '../attachments/download.js';
import type { Platform } from '../domain/types.js';

type ContentPart = OpenAI.Chat.Completions.ChatCompletionContentPart;

/** What the OpenAI interviewer needs to show a whiteboard image to a vision model. */
export interface VisionInput {
  model: string;
  /** The URL (or data URL) the model is given for an image. */
  imageUrl(attachment: Attachment, platform: Platform): Promise<string>;
}

/**
 * Discord CDN URLs are readable by anyone holding them, so the model is given the URL. Slack's
 * `url_private` needs the bot token, which must never leave this process: the image is
 * downloaded with it (bounded) and sent as a base64 data URL.
 */
export function visionInput(model: string, maxImageBytes: number, download: DownloadSettings): VisionInput {
  return {
    model,
    async imageUrl(attachment, platform) {
      if (platform === 'discord') return attachment.url;
      const { bytes, contentType } = await downloadAttachment(attachment, platform, maxImageBytes, download);
      const type = contentType.startsWith('image/') ? contentType : attachment.contentType;
      return `data:${type};base64,${bytes.toString('base64')}`;
    },
  };
}

/** The candidate's text with the images after it, as one user message's content parts. */
export function withImages(text: string, urls: readonly string[]): ContentPart[] {
  return [{ type: 'text', text }, ...urls.map((url): ContentPart => ({ type: 'image_url', image_url: { url, detail: 'auto' } }))];
}
