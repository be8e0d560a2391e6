import type { ActionButton, SessionCard, StatusView } from '../../../src/chat/outbound-message.js';
import { buttonRows } from './components.js';
import { field, fitEmbed } from './embeds.js';
import { candidateRef, formatMinutes, STATUS_COLORS, STATUS_LABELS } from './format.js';
import { escapeMarkdown } from './markdown.js';
import { type DiscordPayload, packPayloads } from './pack-payloads.js';

// Mentions inside embeds render as clickable names but never ping, which is what a card wants.

/** The thread's first message: whose interview, on what, how long, and its controls. */
export function sessionRootPayloads(session: SessionCard, actions: ActionButton[]): DiscordPayload[] {
  const embeds = fitEmbed({
    title: 'Mock system-design interview',
    color: STATUS_COLORS[session.status],
    description: `Candidate: ${candidateRef(session.candidate, session.candidateUserId)}`,
    fields: [
      field('Topic', escapeMarkdown(session.topic), true),
      field('Duration', formatMinutes(session.durationMinutes), true),
      field('Status', STATUS_LABELS[session.status], true),
    ],
    footer: `Session ${session.sessionId}`,
  });
  return packPayloads({ embeds, rows: buttonRows(actions) });
}

/** Where the interview stands: phase, time used and left, answers so far. */
export function statusPayloads(status: StatusView, actions: ActionButton[]): DiscordPayload[] {
  const embeds = fitEmbed({
    title: 'Interview status',
    color: STATUS_COLORS[status.status],
    description: `${escapeMarkdown(status.topic)} · ${candidateRef(status.candidate, status.candidateUserId)}`,
    fields: [
      field('Status', STATUS_LABELS[status.status], true),
      field('Phase', status.phase ? escapeMarkdown(status.phase) : '—', true),
      field('Answers', String(status.answers), true),
      field('Elapsed', formatMinutes(status.elapsedMinutes), true),
      field('Remaining', formatMinutes(status.remainingMinutes), true),
    ],
    footer: `Session ${status.sessionId}`,
  });
  return packPayloads({ embeds, rows: buttonRows(actions) });
}
