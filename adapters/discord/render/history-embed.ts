import type { ActionButton, HistoryView } from '../../../src/chat/outbound-message.js';
import type { SessionSummary } from '../../../src/domain/types.js';
import { buttonRows } from './components.js';
import { fitEmbed } from './embeds.js';
import { COLORS, formatMinutes, formatScore, STATUS_LABELS } from './format.js';
import { escapeMarkdown } from './markdown.js';
import { type DiscordPayload, packPayloads } from './pack-payloads.js';

// One line per session in the description rather than a field each: a page of rows stays compact,
// and fitEmbed splits the description between lines, never inside one.

/** A page of past interviews, the page number in the footer and paging buttons after the rows. */
export function historyPayloads(history: HistoryView, actions: ActionButton[]): DiscordPayload[] {
  const rows = history.items.map(historyLine);
  const more = history.hasNext ? ' · more on the next page' : '';
  const embeds = fitEmbed({
    title: `Interview history: ${escapeMarkdown(history.candidate)}`,
    color: COLORS.blurple,
    description: rows.length > 0 ? rows.join('\n') : '*No interviews yet.*',
    footer: `Page ${history.page}${more}`,
  });
  return packPayloads({ embeds, rows: buttonRows(actions) });
}

/** `` `2024-01-01` · Topic · 45 min · ✅ Completed · **72/100** ``; the date is UTC. */
export function historyLine(item: SessionSummary): string {
  const date = (item.startedAt ?? item.createdAt).toISOString().slice(0, 10);
  const topic = item.topic ? escapeMarkdown(item.topic.replace(/\s+/g, ' ')) : '*no topic*';
  return `\`${date}\` · ${topic} · ${formatMinutes(item.activeDurationMs / 60_000)} · ${STATUS_LABELS[item.status]} · **${formatScore(item.overallScore)}**`;
}
