import type { ActionButton, HistoryView } from '../../../src/chat/outbound-message.js';
import { historyNumber, unansweredNote } from '../../../src/chat/views.js';
import type { SessionSummary } from '../../../src/domain/types.js';
import { buttonRows } from './components.js';
import { fitEmbed } from './embeds.js';
import { COLORS, formatMinutes, formatScore, STATUS_LABELS } from './format.js';
import { escapeMarkdown } from './markdown.js';
import { type DiscordPayload, packPayloads } from './pack-payloads.js';

// One line per session in the description rather than a field each: a page of rows stays compact,
// and fitEmbed splits the description between lines, never inside one.

/**
 * A page of past interviews, numbered as `/interview show N` takes them, the page number in the
 * footer (with one line for the never-answered interviews left out) and paging buttons after.
 */
export function historyPayloads(history: HistoryView, actions: ActionButton[]): DiscordPayload[] {
  const rows = history.items.map((item, i) => historyLine(item, historyNumber(history, i)));
  const note = unansweredNote(history);
  const more = history.hasNext ? ' · more on the next page' : '';
  const embeds = fitEmbed({
    title: `Interview history: ${escapeMarkdown(history.candidate)}`,
    color: COLORS.blurple,
    description: rows.length > 0 ? rows.join('\n') : note ? '*No answered interviews yet.*' : '*No interviews yet.*',
    footer: `Page ${history.page}${more}${note ? `\n${note}` : ''}`,
  });
  return packPayloads({ embeds, rows: buttonRows(actions) });
}

/** `` **#1** · `2024-01-01` · Topic · 45 min · ✅ Completed · **72/100** ``; the date is UTC, the number as `show` takes it. */
export function historyLine(item: SessionSummary, number?: number): string {
  const date = (item.startedAt ?? item.createdAt).toISOString().slice(0, 10);
  const topic = item.topic ? escapeMarkdown(item.topic.replace(/\s+/g, ' ')) : '*no topic*';
  const prefix = number === undefined ? '' : `**#${number}** · `;
  return `${prefix}\`${date}\` · ${topic} · ${formatMinutes(item.activeDurationMs / 60_000)} · ${STATUS_LABELS[item.status]} · **${formatScore(item.overallScore)}**`;
}
