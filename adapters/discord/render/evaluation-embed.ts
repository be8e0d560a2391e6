import type { APIEmbedField } from 'discord.js';
import type { ActionButton } from '../../../src/chat/outbound-message.js';
import type { DimensionScore, EvaluationReport, HiringBand } from '../../../src/domain/types.js';
import { bandLabel, RUBRIC } from '../../../src/evaluation/rubric/rubric.js';
import { buttonRows } from './components.js';
import { type EmbedSpec, field, fitEmbed } from './embeds.js';
import { COLORS, formatScore } from './format.js';
import { DISCORD_LIMITS } from './limits.js';
import { escapeMarkdown, toDiscordMarkdown } from './markdown.js';
import { type DiscordPayload, packPayloads } from './pack-payloads.js';
import { truncateContent } from './split-content.js';

export type EvaluationMessage = { report: EvaluationReport; topic: string | null; candidate: string | null; actions?: ActionButton[] };

const MAX_SCORE = 4;
const BAND_COLORS: Record<HiringBand, number> = { strong_hire: COLORS.green, hire: COLORS.teal, lean_no_hire: COLORS.orange, no_hire: COLORS.red };

/** The evaluation card: one embed normally, continued in more messages only past Discord's limits. */
export function evaluationPayloads(message: EvaluationMessage): DiscordPayload[] {
  return packPayloads({ embeds: fitEmbed(evaluationSpec(message)), rows: buttonRows(message.actions) });
}

export function evaluationSpec({ report, topic, candidate }: EvaluationMessage): EmbedSpec {
  const title = `Interview evaluation: ${escapeMarkdown(topic ?? 'system design')}`;
  const who = candidate ? `Candidate: ${escapeMarkdown(candidate)}` : '';
  const timestamp = report.updatedAt.toISOString();
  switch (report.status) {
    case 'completed': {
      const band = report.band ? ` · ${bandLabel(report.band)}` : '';
      return {
        title,
        color: report.band ? BAND_COLORS[report.band] : COLORS.blurple,
        description: paragraphs(joinLines(`**${formatScore(report.overallScore)}**${band}`, who), toDiscordMarkdown(report.summary)),
        fields: [...orderedDimensions(report.dimensions).map(dimensionField), ...bulletField('Strengths', report.strengths), ...bulletField('What to improve', report.improvements)],
        timestamp,
      };
    }
    case 'insufficient_data':
      // Any scores the report carries are deliberately not shown: they would not be fair.
      return {
        title,
        color: COLORS.grey,
        description: paragraphs(joinLines('⏳ **Not enough to score.** The interview was too short to evaluate fairly.', who), toDiscordMarkdown(report.summary)),
        fields: bulletField('What to improve', report.improvements),
        timestamp,
      };
    case 'failed':
      return {
        title,
        color: COLORS.red,
        description: paragraphs(
          joinLines(`❌ **The evaluation failed:** ${escapeMarkdown(report.error ?? 'unknown error')}`, who),
          'The interview is saved, so it can be evaluated again: run `/interview retry-evaluation` to retry.',
        ),
        timestamp,
      };
    case 'pending':
      return { title, color: COLORS.blurple, description: joinLines('⏳ The evaluation is being prepared…', who), timestamp };
  }
}

/** `■■■□` for 3 of 4. */
export function bar(score: number): string {
  return '■'.repeat(score) + '□'.repeat(MAX_SCORE - score);
}

/** Rubric order first (the order the interview runs), then anything the rubric does not know. */
function orderedDimensions(dimensions: DimensionScore[]): DimensionScore[] {
  const rank = (d: DimensionScore) => {
    const index = RUBRIC.dimensions.findIndex((r) => r.id === d.dimension);
    return index === -1 ? RUBRIC.dimensions.length : index;
  };
  return [...dimensions].sort((a, b) => rank(a) - rank(b));
}

/**
 * `■■■□ 3/4`, the comment, then the first evidence quote, within a field's 1024 characters: the
 * quote keeps at least a third of the room so a long comment cannot crowd out the evidence.
 */
function dimensionField(dimension: DimensionScore): APIEmbedField {
  const label = RUBRIC.dimensions.find((d) => d.id === dimension.dimension)?.label ?? dimension.dimension;
  const score = Math.max(0, Math.min(MAX_SCORE, Math.round(dimension.score)));
  const head = `${bar(score)} ${score}/${MAX_SCORE}`;
  const budget = DISCORD_LIMITS.fieldValue - head.length - 1;
  // The candidate's own words, verbatim on one quoted line.
  const evidence = escapeMarkdown(dimension.evidence.find((e) => e.trim())?.replace(/\s+/g, ' ').trim() ?? '');
  const quoteRoom = evidence ? Math.min(evidence.length + 3, Math.floor(budget / 3)) : 0;
  const comment = truncateContent(toDiscordMarkdown(dimension.comment), budget - quoteRoom);
  const quote = evidence ? `> ${truncateContent(evidence, budget - (comment ? comment.length + 1 : 0) - 2)}` : '';
  return field(label, joinLines(head, comment, quote));
}

/** Bullets of whole items while they fit, then how many more there were. */
function bulletField(name: string, items: string[]): APIEmbedField[] {
  const bullets = items.filter((i) => i.trim()).map((i) => `• ${toDiscordMarkdown(i.trim())}`);
  if (bullets.length === 0) return [];
  const all = bullets.join('\n');
  if (all.length <= DISCORD_LIMITS.fieldValue) return [field(name, all)];
  const room = DISCORD_LIMITS.fieldValue - 24;
  const kept: string[] = [];
  for (const bullet of bullets) {
    if ([...kept, bullet].join('\n').length > room) break;
    kept.push(bullet);
  }
  if (kept.length === 0) kept.push(truncateContent(bullets[0] ?? '', room));
  return [field(name, `${kept.join('\n')}\n…and ${bullets.length - kept.length} more`)];
}

function joinLines(...parts: string[]): string {
  return parts.filter((p) => p.trim()).join('\n');
}

function paragraphs(...parts: string[]): string {
  return parts.filter((p) => p.trim()).join('\n\n');
}
