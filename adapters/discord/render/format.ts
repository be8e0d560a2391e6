import type { SessionStatus } from '../../../src/domain/types.js';
import { escapeMarkdown } from './markdown.js';

// Small formatters shared by the cards, so a score or a duration reads the same everywhere.

export const STATUS_LABELS: Record<SessionStatus, string> = {
  created: '🔵 Starting',
  active: '🟢 In progress',
  paused: '⏸️ Paused',
  completed: '✅ Completed',
};

/** Discord's own palette, so cards match the client's look. */
export const COLORS = { blurple: 0x5865f2, green: 0x57f287, teal: 0x1abc9c, yellow: 0xfee75c, orange: 0xe67e22, red: 0xed4245, grey: 0x95a5a6 } as const;

export const STATUS_COLORS: Record<SessionStatus, number> = {
  created: COLORS.blurple,
  active: COLORS.green,
  paused: COLORS.yellow,
  completed: COLORS.grey,
};

/** `72/100`, or a dash for an unscored session. */
export function formatScore(score: number | null): string {
  return score === null ? '—' : `${Math.round(score)}/100`;
}

export function formatMinutes(value: number): string {
  return `${Math.max(0, Math.round(value))} min`;
}

/** A clickable mention for a Discord user id (a snowflake), else the escaped display name. */
export function candidateRef(candidate: string, userId: string): string {
  return /^\d{1,20}$/.test(userId) ? `<@${userId}>` : escapeMarkdown(candidate);
}
