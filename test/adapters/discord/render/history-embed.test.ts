import { describe, expect, it } from 'vitest';
import { historyLine } from '../../../../adapters/discord/render/history-embed.js';
import { parseCustomId, renderDiscordMessage } from '../../../../adapters/discord/render/render-discord-message.js';
import type { ActionButton, HistoryView } from '../../../../src/chat/outbound-message.js';
import { historyNumber } from '../../../../src/chat/views.js';
import { buttonValueSchema } from '../../../../adapters/discord/discord-payloads.js';
import { deepHistoryMessage } from '../../../support/render-fixtures.js';
import { allText, assertAllWithinDiscordLimits, customIds, summary } from './support.js';

const paging: ActionButton[] = [
  { actionId: 'history.page', label: '◀ Previous', value: '1' },
  { actionId: 'history.page', label: 'Next ▶', value: '3' },
];
const view = (items: HistoryView['items'], hasNext = true): HistoryView => ({ candidate: 'Ada Lovelace', page: 2, pageSize: 10, items, hasNext });

describe('history', () => {
  it('renders a line with the UTC date, topic, minutes, status and score', () => {
    expect(historyLine(summary(0, { activeDurationMs: 44.6 * 60_000, overallScore: 72 }))).toBe('`2024-01-01` · Topic number 0 · 45 min · ✅ Completed · **72/100**');
    const late = new Date('2024-03-09T23:30:00-05:00');
    expect(historyLine(summary(1, { startedAt: late }))).toMatch(/^`2024-03-10`/);
  });

  it('shows a dash for an unscored session', () => {
    expect(historyLine(summary(1, { status: 'paused', overallScore: null, topic: null }))).toBe('`2024-01-02` · *no topic* · 45 min · ⏸️ Paused · **—**');
  });

  it('renders one embed with the page in the footer and paging buttons', () => {
    const payloads = renderDiscordMessage({ kind: 'history', history: view([summary(0), summary(1), summary(2)]), actions: paging });
    assertAllWithinDiscordLimits(payloads);
    expect(payloads).toHaveLength(1);
    const embed = payloads[0]?.embeds?.[0];
    expect(embed?.title).toBe('Interview history: Ada Lovelace');
    expect(embed?.description?.split('\n')).toHaveLength(3);
    expect(embed?.footer?.text).toBe('Page 2 · more on the next page');
    expect(customIds(payloads).map(parseCustomId)).toEqual([
      { actionId: 'history.page', value: '1' },
      { actionId: 'history.page', value: '3' },
    ]);
  });

  it('numbers lines across pages as `/interview show N` takes them', () => {
    expect(historyLine(summary(0, { overallScore: 72 }), 11)).toBe('**#11** · `2024-01-01` · Topic number 0 · 45 min · ✅ Completed · **72/100**');
    const payloads = renderDiscordMessage({ kind: 'history', history: view([summary(0), summary(1)]), actions: paging });
    expect(payloads[0]?.embeds?.[0]?.description?.split('\n').map((l) => l.split(' · ')[0])).toEqual(['**#11**', '**#12**']);
  });

  it('collapses never-answered interviews into one line in the footer', () => {
    const payloads = renderDiscordMessage({ kind: 'history', history: { ...view([summary(0)]), unanswered: 3 }, actions: paging });
    expect(payloads.at(-1)?.embeds?.at(-1)?.footer?.text).toBe('Page 2 · more on the next page\n3 interviews never answered are not listed.');
    const none = renderDiscordMessage({ kind: 'history', history: { ...view([], false), unanswered: 1 }, actions: [] });
    assertAllWithinDiscordLimits(none);
    expect(allText(none)).toContain('No answered interviews yet');
  });

  it('says so when there is no history', () => {
    const payloads = renderDiscordMessage({ kind: 'history', history: view([], false), actions: [] });
    assertAllWithinDiscordLimits(payloads);
    expect(allText(payloads)).toContain('No interviews yet');
    expect(payloads[0]?.embeds?.[0]?.footer?.text).toBe('Page 2');
  });

  it('splits 120 sessions across messages, every line kept in order, buttons at the end', () => {
    const items = Array.from({ length: 120 }, (_, i) => summary(i));
    const payloads = renderDiscordMessage({ kind: 'history', history: view(items), actions: paging });
    assertAllWithinDiscordLimits(payloads);
    expect(payloads.length).toBeGreaterThan(1);
    const lines = payloads.flatMap((p) => (p.embeds ?? []).flatMap((e) => e.description?.split('\n') ?? []));
    expect(lines).toEqual(items.map((item, i) => historyLine(item, historyNumber(view(items), i))));
    expect(payloads.at(-1)?.embeds?.at(-1)?.footer?.text).toContain('Page 2');
    expect(payloads.slice(0, -1).every((p) => p.components === undefined)).toBe(true);
    expect(payloads.at(-1)?.components).toHaveLength(1);
  });

  it('fits Older and Newer with their cursors in custom_ids, read back whole and accepted when pressed', () => {
    const message = deepHistoryMessage();
    expect(message.actions.map((a) => a.label)).toEqual(['Newer', 'Older']);
    const payloads = renderDiscordMessage(message);
    assertAllWithinDiscordLimits(payloads);
    const pressed = customIds(payloads).map(parseCustomId);
    // Both kept (a custom_id over 100 characters would have been left out).
    expect(pressed).toEqual(message.actions.map((a) => ({ actionId: 'history.page', value: a.value })));
    for (const press of pressed) expect(buttonValueSchema.safeParse(press!.value).success).toBe(true);
    // A value of another shape is refused before it reaches the core.
    for (const value of ['0', '1234567', '2.abc!', `2.${'A'.repeat(65)}`, '2.', '.abc']) expect(buttonValueSchema.safeParse(value).success, value).toBe(false);
  });
});
