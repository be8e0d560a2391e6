import type { OutboundMessage, TopicView } from '../../../src/chat/outbound-message.js';
import { PROFILE_FORM_FALLBACK } from '../../../src/profiles/profile.js';
import { fitEmbed } from './embeds.js';
import { evaluationPayloads } from './evaluation-embed.js';
import { COLORS } from './format.js';
import { historyPayloads } from './history-embed.js';
import { escapeMarkdown, toDiscordMarkdown } from './markdown.js';
import { type DiscordPayload, packPayloads } from './pack-payloads.js';
import { sessionRootPayloads, statusPayloads } from './session-embeds.js';
import { splitContent } from './split-content.js';
import { buttonRows } from './components.js';
import { leaderboardPayloads, statsPayloads } from './stats-embed.js';

export type { DiscordPayload } from './pack-payloads.js';
export { buttonRows, customIdFor, parseCustomId } from './components.js';

const NOTICE_EMOJI = { info: 'ℹ️', warning: '⚠️', error: '❌' } as const;
/** Discord thread ids are snowflakes; anything else would render as literal `<#...>` text. */
const SNOWFLAKE = /^\d{1,20}$/;

/**
 * Renders a core message as one or more Discord messages (more only when Discord's limits
 * require it). Send them in order. Text goes in `content` so it reads as the interviewer talking;
 * cards (session, status, evaluation, history, topics) are embeds with buttons.
 */
export function renderDiscordMessage(message: OutboundMessage): DiscordPayload[] {
  switch (message.kind) {
    case 'question':
    case 'text':
    case 'help':
      return contentPayloads(toDiscordMarkdown(message.text));
    case 'profile-form':
      // Opened as a modal by the listener; never rendered with its values (the resume).
      return contentPayloads(toDiscordMarkdown(PROFILE_FORM_FALLBACK));
    case 'notice': {
      const link = message.threadId && SNOWFLAKE.test(message.threadId) ? ` <#${message.threadId}>` : '';
      return contentPayloads(`${NOTICE_EMOJI[message.tone]} ${toDiscordMarkdown(message.text)}${link}`);
    }
    case 'session-root':
      return sessionRootPayloads(message.session, message.actions);
    case 'status':
      return statusPayloads(message.status, message.actions);
    case 'evaluation':
      return evaluationPayloads(message);
    case 'history':
      return historyPayloads(message.history, message.actions);
    case 'topics':
      return topicsPayloads(message.topics);
    case 'practice-prompt':
    case 'confirm':
      return packPayloads({ content: splitContent(toDiscordMarkdown(message.text)), rows: buttonRows(message.actions) });
    case 'stats':
      return statsPayloads(message.stats);
    case 'leaderboard':
      return leaderboardPayloads(message.leaderboard);
  }
}

function contentPayloads(markdown: string): DiscordPayload[] {
  return packPayloads({ content: splitContent(markdown) });
}

/** Names to read, ids in code to type after `/interview start`. */
function topicsPayloads(topics: TopicView[]): DiscordPayload[] {
  const lines = topics.map((t) => `• ${escapeMarkdown(t.name)} \`${t.id.replace(/`/g, '')}\``);
  const description = lines.length > 0 ? lines.join('\n') : '*No topics are available.*';
  return packPayloads({ embeds: fitEmbed({ title: 'Topics', color: COLORS.blurple, description }) });
}
