import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { HiringBand } from '../../domain/types.js';
import { PHASES } from '../../interviewer/catalog/catalog-schema.js';

const BANDS = ['strong_hire', 'hire', 'lean_no_hire', 'no_hire'] as const;

const RubricSchema = z.object({
  version: z.number().int(),
  dimensions: z
    .array(
      z.object({
        id: z.string(),
        label: z.string(),
        weight: z.number().positive(),
        phases: z.array(z.enum(PHASES)),
        anchors: z.object({ '1': z.string(), '2': z.string(), '3': z.string(), '4': z.string() }),
      }),
    )
    .min(1),
  bands: z.array(z.object({ band: z.enum(BANDS), min: z.number(), label: z.string() })),
  gates: z.array(z.object({ dimension: z.string(), atMost: z.number().int(), maxBand: z.enum(BANDS), reason: z.string() })),
  insufficientData: z.object({ minCandidateTurns: z.number().int(), minCandidateWords: z.number().int() }),
});

export type Rubric = z.infer<typeof RubricSchema>;
export type RubricDimension = Rubric['dimensions'][number];

/** The rubric is data (rubric.json): dimensions with weights and 1-4 anchors, bands and gates. */
export const RUBRIC: Rubric = RubricSchema.parse(JSON.parse(readFileSync(join(import.meta.dirname, 'rubric.json'), 'utf8')));

export function anchorFor(dimension: RubricDimension, score: number): string {
  return dimension.anchors[String(score) as '1' | '2' | '3' | '4'];
}

export function bandLabel(band: HiringBand, rubric: Rubric = RUBRIC): string {
  return rubric.bands.find((b) => b.band === band)?.label ?? band;
}

/**
 * Overall 0-100 from 1-4 dimension scores: each rescaled to 0-1, weighted, then banded. Gates cap
 * the band (no "hire" without any depth or trade-offs). Code computes this, never the LLM, so
 * the candidate's text cannot talk its way to a number.
 */
export function scoreOverall(scores: Record<string, number>, rubric: Rubric = RUBRIC): { overall: number; band: HiringBand; gated: string[] } {
  let total = 0;
  let weights = 0;
  for (const dimension of rubric.dimensions) {
    const score = scores[dimension.id] ?? 1;
    total += dimension.weight * ((score - 1) / 3);
    weights += dimension.weight;
  }
  const overall = Math.round((total / weights) * 100);
  const order = [...BANDS];
  let band = rubric.bands.find((b) => overall >= b.min)?.band ?? 'no_hire';
  const gated: string[] = [];
  for (const gate of rubric.gates) {
    if ((scores[gate.dimension] ?? 1) <= gate.atMost && order.indexOf(band) < order.indexOf(gate.maxBand)) {
      band = gate.maxBand;
      gated.push(gate.reason);
    }
  }
  return { overall, band, gated };
}
