import type { APIEmbed, APIEmbedField } from 'discord.js';
import { DISCORD_LIMITS } from './limits.js';
import { splitContent, truncateContent } from './split-content.js';

// Builders describe an embed without worrying about limits; fitEmbed turns it into one or more
// embeds that each respect every per-embed limit and the 6000-character total on their own.

export interface EmbedSpec {
  title?: string;
  description?: string;
  color?: number;
  fields?: APIEmbedField[];
  footer?: string;
  timestamp?: string;
}

/** A field with nothing to show would be rejected; a zero-width space stands in for blank text. */
const BLANK = '\u200b';

/** The characters Discord counts toward the 6000 total of a message. */
export function embedLength(embed: APIEmbed): number {
  const fields = (embed.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0);
  return (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + fields + (embed.footer?.text.length ?? 0) + (embed.author?.name.length ?? 0);
}

export function field(name: string, value: string, inline = false): APIEmbedField {
  return {
    name: truncateContent(name, DISCORD_LIMITS.fieldName) || BLANK,
    value: truncateContent(value, DISCORD_LIMITS.fieldValue) || BLANK,
    ...(inline ? { inline } : {}),
  };
}

/**
 * One embed when the spec fits, otherwise continuations that keep the colour: the description is
 * split at paragraphs and lines, fields move on after 25 or when the total would pass 6000, and the
 * footer and timestamp close the last one. Nothing is dropped except what per-item limits truncate.
 */
export function fitEmbed(spec: EmbedSpec): APIEmbed[] {
  const base = (): APIEmbed => (spec.color === undefined ? {} : { color: spec.color });
  const first = base();
  const title = truncateContent(spec.title ?? '', DISCORD_LIMITS.title);
  if (title) first.title = title;
  const descriptions = splitContent(spec.description ?? '', DISCORD_LIMITS.description);
  if (descriptions[0]) first.description = descriptions[0];
  const parts: APIEmbed[] = [first, ...descriptions.slice(1).map((description) => ({ ...base(), description }))];
  let last = parts.at(-1) ?? first;
  const roomFor = (extra: number) => embedLength(last) + extra <= DISCORD_LIMITS.embedTotal;
  for (const f of (spec.fields ?? []).map((f) => field(f.name, f.value, f.inline))) {
    if ((last.fields?.length ?? 0) >= DISCORD_LIMITS.fields || !roomFor(f.name.length + f.value.length)) parts.push((last = base()));
    (last.fields ??= []).push(f);
  }
  const footer = truncateContent(spec.footer ?? '', DISCORD_LIMITS.footer);
  if (footer) {
    if (!roomFor(footer.length)) parts.push((last = base()));
    last.footer = { text: footer };
  }
  if (spec.timestamp) last.timestamp = spec.timestamp;
  return parts.filter((embed) => embedLength(embed) > 0);
}
