import type { APIEmbed } from 'discord.js';
import type { ButtonRow } from './components.js';
import { embedLength } from './embeds.js';
import { DISCORD_LIMITS } from './limits.js';

/** One Discord message to send; pass it to `channel.send` / `interaction.reply` as is. */
export interface DiscordPayload {
  content?: string;
  embeds?: APIEmbed[];
  components?: ButtonRow[];
}

/** Discord rejects a message with nothing in it; this stands in for blank text. */
const EMPTY = '*(empty message)*';

/**
 * Packs content chunks, then embeds, then button rows into as few messages as fit: at most 10
 * embeds and 6000 embed characters a message, and 5 rows. Buttons go on the last message, after
 * everything they act on; only more than 25 buttons need messages of their own.
 */
export function packPayloads(parts: { content?: string[]; embeds?: APIEmbed[]; rows?: ButtonRow[] }): DiscordPayload[] {
  const payloads: DiscordPayload[] = (parts.content ?? []).filter((c) => c.trim()).map((content) => ({ content }));
  let current: APIEmbed[] = [];
  let total = 0;
  for (const embed of parts.embeds ?? []) {
    const length = embedLength(embed);
    if (current.length > 0 && (current.length === DISCORD_LIMITS.embedsPerMessage || total + length > DISCORD_LIMITS.embedTotal)) {
      payloads.push({ embeds: current });
      current = [];
      total = 0;
    }
    current.push(embed);
    total += length;
  }
  if (current.length > 0) payloads.push({ embeds: current });
  const rows = parts.rows ?? [];
  for (let i = 0; i < rows.length; i += DISCORD_LIMITS.actionRows) {
    const components = rows.slice(i, i + DISCORD_LIMITS.actionRows);
    const last = payloads.at(-1);
    if (i === 0 && last) last.components = components;
    else payloads.push({ components });
  }
  return payloads.length > 0 ? payloads : [{ content: EMPTY }];
}
