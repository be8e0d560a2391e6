import type { Platform } from '../domain/types.js';
import type { Attachment } from './attachment.js';

/** Where files may be read from, and with what. The Slack token goes only to Slack's file hosts. */
export interface DownloadSettings {
  slackBotToken?: string;
  /** Origins besides `https://files.slack.com` that may receive the token (SLACK_API_URL's, for proxies and tests). */
  slackOrigins?: string[];
  /** Origins besides Discord's CDN an attachment may come from (DISCORD_API_URL's). */
  discordOrigins?: string[];
  timeoutMs?: number;
}

export class DownloadRefused extends Error {
  constructor(
    message: string,
    /** The platform's Retry-After on a 429, in ms: when a retry may come. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

const SLACK_FILES = 'https://files.slack.com';
const DISCORD_CDN = ['https://cdn.discordapp.com', 'https://media.discordapp.net'];

/**
 * Reads an attachment into memory, at most `maxBytes` (checked against the declared size first,
 * then while reading). Slack's `url_private` needs the bot token as a bearer header; the token is
 * sent only to Slack's own file origin and never appears in an error or a log line.
 */
export async function downloadAttachment(attachment: Attachment, platform: Platform, maxBytes: number, settings: DownloadSettings): Promise<{ bytes: Buffer; contentType: string }> {
  if (attachment.size > maxBytes) throw new DownloadRefused(`${attachment.name} is ${attachment.size} bytes; the limit is ${maxBytes}`);
  let url: URL;
  try {
    url = new URL(attachment.url);
  } catch {
    throw new DownloadRefused(`${attachment.name} has no readable URL`);
  }
  const headers: Record<string, string> = {};
  if (platform === 'slack') {
    if (![SLACK_FILES, ...(settings.slackOrigins ?? [])].includes(url.origin)) throw new DownloadRefused(`${attachment.name} is not on Slack's file host (${url.origin})`);
    if (!settings.slackBotToken) throw new DownloadRefused('no Slack bot token to read the file with');
    headers.authorization = `Bearer ${settings.slackBotToken}`;
  } else if (platform === 'discord') {
    if (![...DISCORD_CDN, ...(settings.discordOrigins ?? [])].includes(url.origin)) throw new DownloadRefused(`${attachment.name} is not on Discord's CDN (${url.origin})`);
  } else {
    throw new DownloadRefused(`files from ${platform} are not read`);
  }
  // No redirects: a redirect would carry the Authorization header to wherever it points.
  const response = await fetch(url, { headers, redirect: 'error', signal: AbortSignal.timeout(settings.timeoutMs ?? 20_000) });
  if (!response.ok || !response.body) {
    const retryAfter = Number(response.headers.get('retry-after'));
    throw new DownloadRefused(`${attachment.name}: HTTP ${response.status}`, response.status === 429 && Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter * 1000 : undefined);
  }
  const contentType = (response.headers.get('content-type') ?? attachment.contentType).split(';')[0]!.trim();
  // Slack answers an unauthorized file read with its HTML sign-in page and a 200.
  if (contentType.startsWith('text/html')) throw new DownloadRefused(`${attachment.name}: the platform answered with a web page, not the file`);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of response.body) {
    total += (chunk as Uint8Array).byteLength;
    if (total > maxBytes) throw new DownloadRefused(`${attachment.name} is larger than ${maxBytes} bytes`);
    chunks.push(Buffer.from(chunk as Uint8Array));
  }
  return { bytes: Buffer.concat(chunks), contentType };
}

/** The origin of a configured base URL, or nothing. */
export function originOf(url: string | undefined): string[] {
  if (!url) return [];
  try {
    return [new URL(url).origin];
  } catch {
    return [];
  }
}
