import type { OutboundMessage } from '../../src/chat/outbound-message.js';
import { PROFILE_FORM_FALLBACK } from '../../src/profiles/profile.js';
import { historyNumber, unansweredNote } from '../../src/chat/views.js';
import { bandLabel, RUBRIC } from '../../src/evaluation/rubric/rubric.js';
import { renderLeaderboard, renderStats } from './render-progress.js';

// Plain-text rendering for the terminal: what a thread would show, readable in any shell.

const TONE = { info: 'note', warning: 'warning', error: 'error' } as const;

function plain(markdown: string): string {
  return markdown.replace(/\*\*(.+?)\*\*/g, '$1').replace(/`([^`]+)`/g, '$1');
}

function bullets(items: string[]): string[] {
  return items.map((item) => `  - ${item}`);
}

export function renderConsole(message: OutboundMessage): string {
  switch (message.kind) {
    case 'question':
      return `\nInterviewer: ${plain(message.text)}\n`;
    case 'text':
    case 'help':
      return plain(message.text);
    case 'profile-form':
      // The console adapter asks the fields one by one; never printed with its values.
      return plain(PROFILE_FORM_FALLBACK);
    case 'notice':
      // "Started in a new thread" says nothing in a terminal, where the thread is the screen.
      if (message.threadId) return '';
      return `[${TONE[message.tone]}] ${plain(message.text)}`;
    case 'session-root': {
      const s = message.session;
      return `\n=== Mock interview: ${s.candidate} · ${s.topic} · ${s.durationMinutes} min ===\n(type your answers; /interview pause, resume, end, status, help)`;
    }
    case 'status': {
      const s = message.status;
      return `Status: ${s.status}, ${s.topic}, phase ${s.phase ?? 'starting'}; ${s.elapsedMinutes} min used, ${s.remainingMinutes} left; ${s.answers} answer${s.answers === 1 ? '' : 's'}.`;
    }
    case 'topics':
      return ['Topics:', ...message.topics.map((t) => `  ${t.id.padEnd(22)} ${t.name}`)].join('\n');
    case 'history': {
      const { history } = message;
      const rows = history.items.map((s, i) => {
        const score = s.overallScore === null ? '   —  ' : `${String(s.overallScore).padStart(3)}/100`;
        return `  ${String(historyNumber(history, i)).padStart(3)}. ${s.createdAt.toISOString().slice(0, 10)}  ${score}  ${s.status.padEnd(9)} ${Math.round(s.activeDurationMs / 60_000)} min  ${s.topic ?? ''}`;
      });
      const note = unansweredNote(history);
      const more = history.hasNext ? `  (more: /interview history ${history.page + 1})` : '';
      return [`History (page ${history.page}; /interview show N prints evaluation N again):`, ...(rows.length ? rows : ['  no interviews yet']), ...(note ? [`  ${note}`] : []), ...(more ? [more] : [])].join('\n');
    }
    case 'evaluation':
      return renderEvaluation(message);
    case 'confirm':
      // No buttons in a terminal: the text says what to type instead.
      return plain(message.text);
    case 'practice-prompt':
      // No buttons in a terminal: the prompt's text says what to type.
      return `\n${plain(message.text)}`;
    case 'stats':
      return renderStats(message.stats);
    case 'leaderboard':
      return renderLeaderboard(message.leaderboard);
  }
}

function renderEvaluation(message: Extract<OutboundMessage, { kind: 'evaluation' }>): string {
  const { report } = message;
  const title = `\n=== Evaluation${message.topic ? `: ${message.topic}` : ''} ===`;
  if (report.status === 'failed') return `${title}\nThe evaluation failed: ${report.error ?? 'unknown error'}. Run /interview retry-evaluation to try again.`;
  if (report.status !== 'completed' || report.overallScore === null) {
    return [title, 'Not enough to score.', report.summary, ...bullets(report.improvements)].join('\n');
  }
  const lines = [title, `Overall: ${report.overallScore}/100 (${report.band ? bandLabel(report.band) : 'no band'})`, ''];
  for (const d of report.dimensions) {
    const label = RUBRIC.dimensions.find((r) => r.id === d.dimension)?.label ?? d.dimension;
    lines.push(`${label.padEnd(28)} ${d.score}/4  ${d.comment}`);
    for (const quote of d.evidence.slice(0, 1)) lines.push(`    > "${quote}"`);
  }
  lines.push('', 'Strengths:', ...bullets(report.strengths), '', 'What to improve:', ...bullets(report.improvements), '', report.summary);
  return lines.join('\n');
}
