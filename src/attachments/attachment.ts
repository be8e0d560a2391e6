// A file a candidate posted in an interview thread, as the platform describes it. Stored by
// reference in the message's metadata (never re-uploaded, never downloaded by a listener).

export type AttachmentKind = 'image' | 'audio' | 'other';

export interface Attachment {
  kind: AttachmentKind;
  /** The platform's file id when it has one (Slack `F...`, Discord snowflake). */
  id?: string;
  /** Where the file can be read: Discord CDN URL, Slack `url_private` (needs the bot token). */
  url: string;
  name: string;
  contentType: string;
  size: number;
  /** A voice message's length, when the platform says it. */
  durationSecs?: number;
}

/** At most this many attachments of one message are kept. */
export const MAX_ATTACHMENTS = 4;

export function attachmentKind(contentType: string | undefined, name = ''): AttachmentKind {
  const type = (contentType ?? '').toLowerCase();
  if (type.startsWith('image/')) return 'image';
  if (type.startsWith('audio/') || type === 'video/webm' || type === 'video/ogg') return 'audio';
  if (/\.(png|jpe?g|gif|webp)$/i.test(name)) return 'image';
  if (/\.(mp3|m4a|ogg|oga|wav|webm|mp4a|aac|flac)$/i.test(name)) return 'audio';
  return 'other';
}

/** Only what is stored: plain JSON, no URLs with tokens (platform URLs carry none). */
export function toStored(list: readonly Attachment[]): Attachment[] {
  return list.slice(0, MAX_ATTACHMENTS).map((a) => ({
    kind: a.kind,
    ...(a.id ? { id: a.id } : {}),
    url: a.url,
    name: a.name.slice(0, 200),
    contentType: a.contentType.slice(0, 100),
    size: a.size,
    ...(a.durationSecs !== undefined ? { durationSecs: a.durationSecs } : {}),
  }));
}

/** The attachments stored in a message's metadata (empty when none or unreadable). */
export function attachmentsOf(metadata: Record<string, unknown> | undefined): Attachment[] {
  const list = metadata?.attachments;
  if (!Array.isArray(list)) return [];
  return list.filter((a): a is Attachment => typeof a === 'object' && a !== null && typeof (a as Attachment).url === 'string' && typeof (a as Attachment).kind === 'string');
}

export function describeSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** The stored text of an image-only whiteboard message (what the evaluator reads). */
export function imagePlaceholder(images: readonly Attachment[]): string {
  return images.map((a) => `[whiteboard image: ${a.name} (${a.contentType}, ${describeSize(a.size)})]`).join('\n');
}
