import type { KnownBlock } from '@slack/types';
import type { ActionButton } from '../../../src/chat/outbound-message.js';
import type { DimensionScore, EvaluationReport } from '../../../src/domain/types.js';
import { bandLabel, RUBRIC } from '../../../src/evaluation/rubric/rubric.js';
import { actionsBlocks } from './actions.js';
import { contextBlocks, fieldsSection, header, sections } from './blocks.js';
import { escapeMrkdwn, toMrkdwn } from './mrkdwn.js';

export interface EvaluationCard {
  groups: KnownBlock[][];
  fallback: string;
}

type EvaluationMessage = { report: EvaluationReport; topic: string | null; candidate: string | null; actions?: ActionButton[] };

const MAX_SCORE = 4;

/** The evaluation card, in groups that should stay in one message, and its notification text. */
export function evaluationBlocks({ report, topic, candidate, actions }: EvaluationMessage): EvaluationCard {
  const title = [header(`Interview evaluation: ${topic ?? 'system design'}`)];
  const who = candidate ? `Candidate: ${escapeMrkdwn(candidate)}` : '';
  const buttons = actionsBlocks(actions);
  switch (report.status) {
    case 'completed':
      return completedCard(report, title, who, buttons);
    case 'insufficient_data':
      return {
        groups: [
          [...title, ...sections(`:hourglass: *Not enough to score.* The interview was too short to evaluate fairly.${who ? `\n${who}` : ''}`)],
          sections(toMrkdwn(report.summary)),
          sections(bulletList('What to improve', report.improvements)),
          buttons,
        ],
        fallback: 'Evaluation: not enough to score',
      };
    case 'failed':
      return {
        groups: [
          [...title, ...sections(`:x: *The evaluation failed:* ${escapeMrkdwn(report.error ?? 'unknown error')}\nThe interview is saved, so a retry is possible.`)],
          buttons,
        ],
        fallback: 'Evaluation failed; a retry is possible',
      };
    case 'pending':
      return { groups: [[...title, ...sections(':hourglass_flowing_sand: The evaluation is being prepared…')], buttons], fallback: 'Evaluation in progress' };
  }
}

/** `72/100`, the form the card and the fallback both use. */
export function formatScore(score: number | null): string {
  return score === null ? '—' : `${Math.round(score)}/100`;
}

function completedCard(report: EvaluationReport, title: KnownBlock[], who: string, buttons: KnownBlock[]): EvaluationCard {
  const band = report.band ? bandLabel(report.band) : null;
  const score = `*${formatScore(report.overallScore)}*${band ? ` · ${band}` : ''}`;
  return {
    groups: [
      [...title, ...sections(who ? `${score}\n${who}` : score)],
      ...orderedDimensions(report.dimensions).map(dimensionBlocks),
      sections(bulletList('Strengths', report.strengths)),
      sections(bulletList('What to improve', report.improvements)),
      contextBlocks(toMrkdwn(report.summary)),
      buttons,
    ],
    fallback: `Evaluation: ${formatScore(report.overallScore)}${band ? ` (${band})` : ''}`,
  };
}

/** Rubric order first (the order the interview runs), then anything the rubric does not know. */
function orderedDimensions(dimensions: DimensionScore[]): DimensionScore[] {
  const rank = (d: DimensionScore) => {
    const index = RUBRIC.dimensions.findIndex((r) => r.id === d.dimension);
    return index === -1 ? RUBRIC.dimensions.length : index;
  };
  return [...dimensions].sort((a, b) => rank(a) - rank(b));
}

function dimensionBlocks(dimension: DimensionScore): KnownBlock[] {
  const label = RUBRIC.dimensions.find((d) => d.id === dimension.dimension)?.label ?? dimension.dimension;
  const score = Math.max(0, Math.min(MAX_SCORE, Math.round(dimension.score)));
  const quotes = dimension.evidence.filter((e) => e.trim()).map(quote);
  return [
    ...fieldsSection([`*${escapeMrkdwn(label)}*`, `${bar(score)}  *${score}/${MAX_SCORE}*`]),
    ...sections([toMrkdwn(dimension.comment), ...quotes].filter((t) => t.trim()).join('\n')),
  ];
}

export function bar(score: number): string {
  return '■'.repeat(score) + '□'.repeat(MAX_SCORE - score);
}

/** Evidence is the candidate's own words: shown verbatim, each line quoted. */
function quote(evidence: string): string {
  return evidence
    .trim()
    .split('\n')
    .map((line) => `> ${escapeMrkdwn(line)}`)
    .join('\n');
}

function bulletList(title: string, items: string[]): string {
  const kept = items.filter((i) => i.trim());
  if (kept.length === 0) return '';
  return [`*${title}*`, ...kept.map((item) => `• ${toMrkdwn(item.trim())}`)].join('\n');
}
