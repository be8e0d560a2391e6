import type { SectionBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { historyRow } from '../../../../adapters/slack/render/history-blocks.js';
import { renderSlackMessage } from '../../../../adapters/slack/render/render-slack-message.js';
import type { ActionButton, HistoryView } from '../../../../src/chat/outbound-message.js';
import { historyNumber } from '../../../../src/chat/views.js';
import { deepHistoryMessage } from '../../../support/render-fixtures.js';
import { allText, expectWithinSlackLimits, summary } from './support.js';

const paging: ActionButton[] = [
  { actionId: 'history.page', label: '◀ Previous', value: '1' },
  { actionId: 'history.page', label: 'Next ▶', value: '3' },
];
const view = (items: HistoryView['items']): HistoryView => ({ candidate: 'Ada Lovelace', page: 2, pageSize: 10, items, hasNext: true });

describe('history', () => {
  it('renders a row with date, topic, minutes, status and score', () => {
    expect(historyRow(summary(0, { activeDurationMs: 44.6 * 60_000, overallScore: 72 }))).toBe('*2024-01-01* · Topic number 0\n45 min · Completed · *72/100*');
  });

  it('shows a dash for an unscored session', () => {
    expect(historyRow(summary(1, { status: 'paused', overallScore: null, topic: null }))).toBe('*2024-01-02* · _no topic_\n45 min · Paused · *—*');
  });

  it('renders one section per session, the page in context and paging buttons', () => {
    const messages = renderSlackMessage({ kind: 'history', history: view([summary(0), summary(1), summary(2)]), actions: paging });
    expect(messages).toHaveLength(1);
    const blocks = messages[0]?.blocks ?? [];
    expect(blocks.filter((b) => b.type === 'section')).toHaveLength(3);
    expect(blocks.find((b) => b.type === 'context')).toMatchObject({ elements: [{ text: expect.stringContaining('Page 2') }] });
    expect(blocks.at(-1)).toMatchObject({
      type: 'actions',
      elements: [
        { action_id: 'history_page', value: '1' },
        { action_id: 'history_page:2', value: '3' },
      ],
    });
    expect(messages[0]?.text).toBe('Interview history for Ada Lovelace, page 2: 3 sessions');
  });

  it('numbers rows across pages as `/interview show N` takes them', () => {
    expect(historyRow(summary(0, { overallScore: 72 }), 11)).toBe('*#11* · *2024-01-01* · Topic number 0\n45 min · Completed · *72/100*');
    const messages = renderSlackMessage({ kind: 'history', history: view([summary(0), summary(1)]), actions: paging });
    const rows = (messages[0]?.blocks ?? []).filter((b): b is SectionBlock => b.type === 'section').map((b) => b.text?.text ?? '');
    expect(rows.map((r) => r.split(' · ')[0])).toEqual(['*#11*', '*#12*']);
  });

  it('collapses never-answered interviews into one line after the rows', () => {
    const messages = renderSlackMessage({ kind: 'history', history: { ...view([summary(0)]), unanswered: 3 }, actions: paging });
    expect(messages[0]?.blocks.find((b) => b.type === 'context')).toMatchObject({ elements: [{ text: 'Page 2 · more on the next page\n3 interviews never answered are not listed.' }] });
    const none = renderSlackMessage({ kind: 'history', history: { ...view([]), hasNext: false, unanswered: 1 }, actions: [] });
    expect(allText(none)).toContain('No answered interviews yet');
    expect(allText(none)).toContain('1 interview never answered is not listed.');
  });

  it('says so when there is no history', () => {
    const messages = renderSlackMessage({ kind: 'history', history: { ...view([]), hasNext: false }, actions: [] });
    expect(allText(messages)).toContain('No interviews yet');
    expectWithinSlackLimits(messages);
  });

  it('splits 120 sessions across messages, every row kept in order, paging at the end', () => {
    const items = Array.from({ length: 120 }, (_, i) => summary(i));
    const messages = renderSlackMessage({ kind: 'history', history: view(items), actions: paging });
    expect(messages.length).toBe(3);
    expectWithinSlackLimits(messages);
    const rows = messages.flatMap((m) => m.blocks.filter((b): b is SectionBlock => b.type === 'section').map((b) => b.text?.text));
    expect(rows).toEqual(items.map((item, i) => historyRow(item, historyNumber(view(items), i))));
    expect(messages.at(-1)?.blocks.at(-1)?.type).toBe('actions');
    expect(messages.slice(0, -1).every((m) => m.blocks.every((b) => b.type !== 'actions'))).toBe(true);
  });

  it('carries Older and Newer with their cursors whole in the button values', () => {
    const message = deepHistoryMessage();
    const messages = renderSlackMessage(message);
    expectWithinSlackLimits(messages);
    expect(messages[0]?.blocks.at(-1)).toMatchObject({
      type: 'actions',
      elements: [
        { action_id: 'history_page', value: message.actions[0]!.value },
        { action_id: 'history_page:2', value: message.actions[1]!.value },
      ],
    });
  });
});
