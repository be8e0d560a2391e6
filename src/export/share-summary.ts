import type { EvaluationReport, Session } from '../domain/types.js';
import { bandLabel } from '../evaluation/rubric/rubric.js';

/** `/interview share`: the evaluation's summary for the channel: score, band, top strengths. Never the transcript or improvements. */
export function shareSummary(session: Session, report: EvaluationReport, candidate: string): string {
  const lines = [`**${candidate}** shared their ${session.topic ?? 'system design'} mock interview: **${report.overallScore}/100**${report.band ? ` (${bandLabel(report.band)})` : ''}.`];
  const top = report.strengths.slice(0, 3);
  if (top.length) lines.push('', 'Top strengths:', ...top.map((s) => `- ${s}`));
  return lines.join('\n');
}
