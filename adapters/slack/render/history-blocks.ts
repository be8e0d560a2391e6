import type { KnownBlock } from '@slack/types';
import type { ActionButton, HistoryView } from '../../../src/chat/outbound-message.js';
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

/** One section per session, so a long page splits between rows rather than inside one. */
export function historyBlocks(history: HistoryView, actions: ActionButton[]): HistoryBlocks {
  const rows = history.items.map((item) => sections(historyRow(item)));
  const empty = history.items.length === 0 ? [sections('_No interviews yet._')] : [];
  const more = history.hasNext ? ' · more on the next page' : '';
  return {
    groups: [
      [header(`Interview history: ${history.candidate}`)],
      ...empty,
      ...rows,
      [...contextBlocks(`Page ${history.page}${more}`), ...actionsBlocks(actions)],
    ],
    fallback: `Interview history for ${escapeMrkdwn(history.candidate)}, page ${history.page}: ${history.items.length} ${history.items.length === 1 ? 'session' : 'sessions'}`,
  };
}

export function historyRow(item: SessionSummary): string {
  const date = (item.startedAt ?? item.createdAt).toISOString().slice(0, 10);
  const duration = `${Math.round(item.activeDurationMs / 60_000)} min`;
  const topic = item.topic ? escapeMrkdwn(item.topic) : '_no topic_';
  return `*${date}* · ${topic}\n${duration} · ${STATUS[item.status]} · *${formatScore(item.overallScore)}*`;
}
