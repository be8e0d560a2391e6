import type { EvaluationReport, SessionStatus, SessionSummary } from '../domain/types.js';
import type { LeaderboardView, StatsView } from '../progress/progress-types.js';
import type { ProfileForm } from '../profiles/profile.js';
import type { UploadedFile } from './chat-port.js';

/** A button the adapter renders natively; pressing it comes back as an InboundAction. */
export interface ActionButton {
  actionId: 'session.pause' | 'session.resume' | 'session.end' | 'history.page' | 'evaluation.retry' | 'practice.start' | 'privacy.forget';
  label: string;
  value: string;
  style?: 'primary' | 'danger';
}

export interface SessionCard {
  sessionId: string;
  candidate: string;
  candidateUserId: string;
  topic: string;
  durationMinutes: number;
  status: SessionStatus;
}

export interface StatusView extends SessionCard {
  phase: string | null;
  elapsedMinutes: number;
  remainingMinutes: number;
  answers: number;
}

export interface HistoryView {
  candidate: string;
  page: number;
  pageSize: number;
  /** Row i is numbered `historyNumber(view, i)` (views.ts): 1 is the most recent interview. */
  items: SessionSummary[];
  hasNext: boolean;
  /** Finished interviews never answered, left out of the rows; adapters say so in one line (`unansweredNote`). */
  unanswered?: number;
  /** Of `unanswered`: those cancelled because they could not start. */
  cancelled?: number;
}

export interface TopicView {
  id: string;
  name: string;
}

/**
 * What the core asks an adapter to show, platform-neutral. `text` fields are markdown
 * (**bold**, `code`, lists); each adapter renders each kind natively (Block Kit, Discord embeds,
 * terminal text) and splits long text under its platform's limits.
 */
export type OutboundMessage =
  /** The interviewer speaking in the thread. */
  | { kind: 'question'; text: string }
  | { kind: 'text'; text: string }
  /**
   * `threadId`: the notice is about that thread (adapters link to it where they can). `files`
   * (private replies only, never stored): files for the asker alone (`/interview export`): Slack
   * uploads them into the asker's DM, Discord attaches them to the ephemeral reply, the console
   * writes them under `DATA_DIR/exports`.
   */
  | { kind: 'notice'; text: string; tone: 'info' | 'warning' | 'error'; threadId?: string; files?: UploadedFile[] }
  /** The thread's first message: whose interview, which topic, with its control buttons. */
  | { kind: 'session-root'; session: SessionCard; actions: ActionButton[] }
  | { kind: 'status'; status: StatusView; actions: ActionButton[] }
  | { kind: 'evaluation'; report: EvaluationReport; topic: string | null; candidate: string | null; actions?: ActionButton[] }
  | { kind: 'history'; history: HistoryView; actions: ActionButton[] }
  | { kind: 'topics'; topics: TopicView[] }
  /** A scheduled practice prompt, posted in the channel: the topic of the day and a Start button (`practice.start`). */
  | { kind: 'practice-prompt'; text: string; actions: ActionButton[] }
  /** `/interview stats`: one person's progress (`stats.series` is the scores-over-time chart's data). */
  | { kind: 'stats'; stats: StatsView }
  /** `/interview leaderboard`: a channel's rankings for a period. */
  | { kind: 'leaderboard'; leaderboard: LeaderboardView }
  /** A private question with buttons (`/interview forget-me`'s confirmation); shown only to the asker. */
  | { kind: 'confirm'; text: string; actions: ActionButton[] }
  /** `/interview profile`: open the profile form (a modal, the console's prompts) pre-filled with `form`; never posted. */
  | { kind: 'profile-form'; form: ProfileForm }
  | { kind: 'help'; text: string };

export type OutboundKind = OutboundMessage['kind'];

/**
 * An OutboundMessage read back from JSON (a stored delivery): dates come back as strings and
 * are made dates again, so adapters render a stored message as they would a fresh one.
 */
export function reviveOutbound(json: unknown): OutboundMessage {
  const message = json as OutboundMessage;
  const date = (value: unknown) => (value === null || value === undefined ? value : new Date(value as string));
  if (message.kind === 'evaluation') {
    const { report } = message;
    return { ...message, report: { ...report, createdAt: date(report.createdAt) as Date, updatedAt: date(report.updatedAt) as Date } };
  }
  if (message.kind === 'history') {
    const items = message.history.items.map((i) => ({ ...i, createdAt: date(i.createdAt) as Date, startedAt: date(i.startedAt) as Date | null, endedAt: date(i.endedAt) as Date | null }));
    return { ...message, history: { ...message.history, items } };
  }
  if (message.kind === 'stats') return { ...message, stats: { ...message.stats, series: message.stats.series.map((p) => ({ ...p, date: date(p.date) as Date })) } };
  if (message.kind === 'leaderboard') return { ...message, leaderboard: { ...message.leaderboard, since: date(message.leaderboard.since) as Date | null } };
  return message;
}
