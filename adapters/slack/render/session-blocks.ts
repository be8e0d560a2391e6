import type { KnownBlock } from '@slack/types';
import type { ActionButton, SessionCard, StatusView } from '../../../src/chat/outbound-message.js';
import type { SessionStatus } from '../../../src/domain/types.js';
import { actionsBlocks } from './actions.js';
import { fieldsSection, sections } from './blocks.js';
import { escapeMrkdwn } from './mrkdwn.js';

export interface SessionCardBlocks {
  groups: KnownBlock[][];
  fallback: string;
}

const STATUS_LABELS: Record<SessionStatus, string> = {
  created: ':large_blue_circle: Starting',
  active: ':large_green_circle: In progress',
  paused: ':double_vertical_bar: Paused',
  completed: ':white_check_mark: Completed',
};

/** The thread's first message: whose interview, on what, how long, and its controls. */
export function sessionRootBlocks(session: SessionCard, actions: ActionButton[]): SessionCardBlocks {
  return {
    groups: [
      [
        ...sections(`*Mock system-design interview* for ${candidateRef(session)}`),
        ...fieldsSection([
          `*Topic*\n${escapeMrkdwn(session.topic)}`,
          `*Duration*\n${minutes(session.durationMinutes)}`,
          `*Status*\n${STATUS_LABELS[session.status]}`,
        ]),
      ],
      actionsBlocks(actions),
    ],
    fallback: `Mock interview for ${escapeMrkdwn(session.candidate)}: ${escapeMrkdwn(session.topic)} (${minutes(session.durationMinutes)}, ${plainStatus(session.status)})`,
  };
}

/** Where the interview stands: phase, time used and left, answers so far. */
export function statusBlocks(status: StatusView, actions: ActionButton[]): SessionCardBlocks {
  const phase = status.phase ? escapeMrkdwn(status.phase) : '—';
  return {
    groups: [
      [
        ...sections(`*Interview status* · ${escapeMrkdwn(status.topic)} · ${candidateRef(status)}`),
        ...fieldsSection([
          `*Status*\n${STATUS_LABELS[status.status]}`,
          `*Phase*\n${phase}`,
          `*Elapsed*\n${minutes(status.elapsedMinutes)}`,
          `*Remaining*\n${minutes(status.remainingMinutes)}`,
          `*Answers*\n${status.answers}`,
        ]),
      ],
      actionsBlocks(actions),
    ],
    fallback: `Interview ${plainStatus(status.status)}: ${status.phase ? `${escapeMrkdwn(status.phase)}, ` : ''}${minutes(status.elapsedMinutes)} elapsed, ${minutes(status.remainingMinutes)} left, ${status.answers} answers`,
  };
}

/** A mention when the id looks like a Slack user id, so the candidate is named and notified. */
export function candidateRef(card: Pick<SessionCard, 'candidate' | 'candidateUserId'>): string {
  return /^[UW][A-Z0-9]+$/.test(card.candidateUserId) ? `<@${card.candidateUserId}>` : escapeMrkdwn(card.candidate);
}

export function minutes(value: number): string {
  return `${Math.max(0, Math.round(value))} min`;
}

function plainStatus(status: SessionStatus): string {
  return STATUS_LABELS[status].replace(/^:[a-z_]+: /, '').toLowerCase();
}
