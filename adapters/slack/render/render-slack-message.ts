import type { KnownBlock } from '@slack/types';
import { PROFILE_FORM_FALLBACK } from '../../../src/profiles/profile.js';
import type { OutboundMessage, TopicView } from '../../../src/chat/outbound-message.js';
import { type SlackMessage, sections } from './blocks.js';
import { evaluationBlocks } from './evaluation-blocks.js';
import { historyBlocks } from './history-blocks.js';
import { escapeMrkdwn, toMrkdwn, toPlainText } from './mrkdwn.js';
import { packMessages } from './pack-messages.js';
import { actionsBlocks } from './actions.js';
import { sessionRootBlocks, statusBlocks } from './session-blocks.js';
import { leaderboardBlocks, statsBlocks } from './stats-blocks.js';

export type { SlackMessage } from './blocks.js';
export { actionIdFor, parseActionId, SLACK_ACTION_ID_PATTERN } from './actions.js';

const NOTICE_EMOJI = { info: 'ℹ️', warning: '⚠️', error: '❌' } as const;

interface Rendered {
  groups: KnownBlock[][];
  fallback: string;
}

/**
 * Renders a core message as one or more Slack messages (more only when the content exceeds
 * Slack's limits: 3000 characters a section, 50 blocks a message). Post them in order.
 */
export function renderSlackMessage(message: OutboundMessage): SlackMessage[] {
  const { groups, fallback } = render(message);
  const hasBlocks = groups.some((g) => g.length > 0);
  // Slack rejects a message with neither blocks nor text; keep something visible.
  const safeGroups = hasBlocks ? groups : [sections(fallback.trim() || '_(empty message)_')];
  return packMessages(safeGroups, fallback.trim() || 'Mock interview');
}

function render(message: OutboundMessage): Rendered {
  switch (message.kind) {
    case 'question':
    case 'text':
    case 'help':
      return { groups: [sections(toMrkdwn(message.text))], fallback: toPlainText(message.text) };
    case 'profile-form':
      // Opened as a modal by the listener; never rendered with its values (the resume).
      return { groups: [sections(toMrkdwn(PROFILE_FORM_FALLBACK))], fallback: toPlainText(PROFILE_FORM_FALLBACK) };
    case 'notice': {
      const emoji = NOTICE_EMOJI[message.tone];
      return { groups: [sections(`${emoji} ${toMrkdwn(message.text)}`)], fallback: `${emoji} ${toPlainText(message.text)}` };
    }
    case 'session-root':
      return sessionRootBlocks(message.session, message.actions);
    case 'status':
      return statusBlocks(message.status, message.actions);
    case 'evaluation':
      return evaluationBlocks(message);
    case 'history':
      return historyBlocks(message.history, message.actions);
    case 'topics':
      return topicsBlocks(message.topics);
    case 'practice-prompt':
    case 'confirm':
      return { groups: [[...sections(toMrkdwn(message.text)), ...actionsBlocks(message.actions)]], fallback: toPlainText(message.text) };
    case 'stats':
      return statsBlocks(message.stats);
    case 'leaderboard':
      return leaderboardBlocks(message.leaderboard);
  }
}

function topicsBlocks(topics: TopicView[]): Rendered {
  if (topics.length === 0) return { groups: [sections('_No topics are available._')], fallback: 'No topics are available' };
  const lines = topics.map((t) => `• ${escapeMrkdwn(t.name)} \`${escapeMrkdwn(t.id)}\``);
  return {
    groups: [sections(['*Topics*', ...lines].join('\n'))],
    fallback: `Topics: ${topics.map((t) => escapeMrkdwn(t.name)).join(', ')}`,
  };
}
