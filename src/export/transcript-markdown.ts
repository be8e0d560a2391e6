import type { EvaluationReport, Session, TranscriptMessage } from '../domain/types.js';
import { RUBRIC, bandLabel } from '../evaluation/rubric/rubric.js';
import { PHASE_TITLES } from '../interviewer/phase-plan.js';
import { offsetLabel, phasedTranscript } from './transcript-phases.js';

const ROLE_LABEL: Record<TranscriptMessage['role'], string> = {
  interviewer: 'Interviewer',
  candidate: 'You',
  observer: 'Observer note',
  system: 'Notice',
};

/** The export's file name: the interview id names it. */
export function exportFileName(session: Session): string {
  return `${session.id}.md`;
}

/**
 * `/interview export`: the whole interview as one Markdown document: who, what and when; the
 * evaluation (score, band, each dimension with its comment, strengths, improvements; the chart is
 * the file named `chartName`, sent alongside); then the transcript, each message word for word
 * under its phase, stamped with its UTC time and its offset from the start.
 */
export function transcriptMarkdown(session: Session, transcript: readonly TranscriptMessage[], report: EvaluationReport | null, chartName: string | null): string {
  const topic = session.topic ?? 'System design';
  const start = session.startedAt ?? transcript[0]?.createdAt ?? session.createdAt;
  const lines: string[] = [
    `# Mock interview: ${topic}`,
    '',
    `- Candidate: ${session.ownerDisplayName ?? session.ownerUserId}`,
    `- Interview id: \`${session.id}\``,
    `- Template: ${session.config.customTemplate?.name ?? session.config.template ?? 'standard'}, ${session.config.durationMinutes} minutes planned`,
    `- Started: ${iso(start)}`,
    `- Ended: ${session.endedAt ? iso(session.endedAt) : 'not yet'}`,
    `- Active time: ${Math.round(session.activeDurationMs / 60_000)} min (pauses excluded)`,
    '',
    '## Evaluation',
    '',
    ...evaluationLines(report, chartName),
    '',
    '## Transcript',
    '',
    'Times are UTC, with the time since the start in brackets.',
  ];
  let phase: string | null = null;
  for (const { message, phase: current } of phasedTranscript(transcript)) {
    if (current !== phase) {
      phase = current;
      lines.push('', `### Phase: ${PHASE_TITLES[current]} (from ${offsetLabel(message.createdAt, start)})`);
    }
    lines.push('', `**${ROLE_LABEL[message.role]}** · ${iso(message.createdAt)} [${offsetLabel(message.createdAt, start)}]`, '', message.content);
  }
  return `${lines.join('\n')}\n`;
}

function evaluationLines(report: EvaluationReport | null, chartName: string | null): string[] {
  if (!report || report.status === 'pending') return ['No evaluation yet: it is still being written.'];
  if (report.status === 'failed') return ['The evaluation failed; `/interview retry-evaluation` tries again.'];
  if (report.status === 'insufficient_data' || report.overallScore === null) return [report.summary || 'Not enough was answered to score this interview.'];
  const labelOf = (id: string) => RUBRIC.dimensions.find((d) => d.id === id)?.label ?? id;
  const out = [`**Score:** ${report.overallScore}/100${report.band ? ` · **Band:** ${bandLabel(report.band)}` : ''}`, ''];
  if (report.summary) out.push(report.summary, '');
  out.push('| Dimension | Score (1-4) | Comment |', '| --- | --- | --- |');
  for (const d of report.dimensions) out.push(`| ${labelOf(d.dimension)} | ${d.score} | ${d.comment.replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`);
  out.push('', '### Strengths', '', ...bullets(report.strengths), '', '### Improvements', '', ...bullets(report.improvements));
  if (chartName) out.push('', `![Scores by dimension](${chartName})`, '', `The chart is the file \`${chartName}\`, sent with this one.`);
  return out;
}

const bullets = (items: string[]) => (items.length ? items.map((i) => `- ${i}`) : ['- (none noted)']);
const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
