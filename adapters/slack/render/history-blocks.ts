import type { KnownBlock } from '@slack/types';
import type { ActionButton, HistoryView } from '../../../src/chat/outbound-message.js';
import { historyNumber, unansweredNote } from '../../../src/chat/views.js';
import type { SessionStatus, SessionSummary } from '../../../src/domain/types.js';
import { actionsBlocks } from './actions.js';
import { contextBlocks, header, sections } from './blocks.js';
import { formatScore } from './evaluation-blocks.js';
import { escapeMrkdwn } from './mrkdwn.js';

export interface HistoryBlocks {
  groups: KnownBlock[][];
  fallback: string;
}

const STATUS: Record<SessionStatus, string> = { created: 'Not started', active: 'In progress', paused: 'Paused', completed: 'Completed' };

/**
 * One section per session, so a long page splits between rows rather than inside one. Rows carry
 * the numbers `/interview show N` takes; never-answered interviews are one line in the context.
 */
export function historyBlocks(history: HistoryView, actions: ActionButton[]): HistoryBlocks {
  const rows = history.items.map((item, i) => sections(historyRow(item, historyNumber(history, i))));
  const note = unansweredNote(history);
  const empty = history.items.length === 0 ? [sections(note ? '_No answered interviews yet._' : '_No interviews yet._')] : [];
  const more = history.hasNext ? ' · more on the next page' : '';
  return {
    groups: [
      [header(`Interview history: ${history.candidate}`)],
      ...empty,
      ...rows,
      [...contextBlocks(`Page ${history.page}${more}${note ? `\n${note}` : ''}`), ...actionsBlocks(actions)],
    ],
    fallback: `Interview history for ${escapeMrkdwn(history.candidate)}, page ${history.page}: ${history.items.length} ${history.items.length === 1 ? 'session' : 'sessions'}`,
  };
}

/** `number`: the row's position in the history (1 = most recent), as `/interview show` takes it. */
export function historyRow(item: SessionSummary, number?: number): string {
  const date = (item.startedAt ?? item.createdAt).toISOString().slice(0, 10);
  const duration = `${Math.round(item.activeDurationMs / 60_000)} min`;
  const topic = item.topic ? escapeMrkdwn(item.topic) : '_no topic_';
  const prefix = number === undefined ? '' : `*#${number}* · `;
  return `${prefix}*${date}* · ${topic}\n${duration} · ${STATUS[item.status]} · *${formatScore(item.overallScore)}*`;
}
