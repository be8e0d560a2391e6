import type { TopicCatalog } from '../../interviewer/catalog/topic-catalog.js';
import { bandLabel } from '../rubric/rubric.js';
import { loadCorpus } from './corpus.js';
import { corpusChecks, scoreCorpus, type Check, type ScoredEntry } from './corpus-checks.js';
import { simulateInterview, type Persona, type Simulation } from './simulated-interview.js';

export interface QualityReport {
  rows: { transcript: string; label: string; score: string; band: string; dimensions: string }[];
  simulations: Simulation[];
  checks: Check[];
}

const SIMULATED = new Set(['strong', 'average', 'weak', 'keyword-stuffer', 'injection', 'off-topic', 'off-scale', 'plain', 'name-dropper']);

/**
 * The quality suite (`npm run cli -- quality`, and the test that holds CI to it): every labeled
 * transcript scored, the suite's checks, and simulated interviews in which each labeled answer
 * set plays a candidate against the offline interviewer (strong ones also at a fast pace).
 */
export async function qualityReport(catalog: TopicCatalog, dir: string): Promise<QualityReport> {
  const corpus = await loadCorpus(dir);
  const scored = scoreCorpus(catalog, corpus);
  const rows = scored.map(({ entry, result }) => ({
    transcript: entry.name,
    label: entry.label,
    score: result.overallScore === null ? 'n/a' : String(result.overallScore),
    band: result.band ? bandLabel(result.band) : 'insufficient data',
    dimensions: result.dimensions.map((d) => d.score).join(''),
  }));
  const personas: Persona[] = corpus
    .filter((entry) => SIMULATED.has(entry.label))
    .flatMap((entry) => {
      const answers = entry.file.messages.filter((m) => m.role === 'candidate').length;
      const normal = { name: `${entry.name} (simulated)`, entry, secondsPerAnswer: Math.round((entry.file.durationMinutes * 60) / (answers + 2)) };
      return entry.label === 'strong' ? [normal, { name: `${entry.name} (simulated, fast)`, entry, secondsPerAnswer: 5 }] : [normal];
    });
  const simulations: Simulation[] = [];
  for (const persona of personas) simulations.push(await simulateInterview(catalog, persona));
  const checks = [...corpusChecks(scored), ...simulations.flatMap((s) => s.checks), ...simulatedOrder(simulations), ...simulatedCeiling(simulations, scored)];
  return { rows, simulations, checks };
}

/** Simulated evaluations keep the labels' order: strong above weak in every topic. */
function simulatedOrder(simulations: Simulation[]): Check[] {
  const topics = [...new Set(simulations.map((s) => s.persona.entry.topicId))];
  return topics.flatMap((topic) => {
    const score = (label: string) => simulations.find((s) => s.persona.entry.topicId === topic && s.persona.entry.label === label && !s.persona.name.includes('fast'))?.evaluation.overallScore;
    const [strong, weak] = [score('strong'), score('weak')];
    if (strong === undefined || weak === undefined) return [];
    return [{ name: `${topic}: simulated strong above simulated weak`, ok: (strong ?? 0) > (weak ?? 0), detail: `${strong} > ${weak ?? 'insufficient'}` }];
  });
}

/**
 * Simulated strong interviews do not saturate: below 100 unless every dimension had excellent
 * evidence, and within 10 points of the same answers scored as a static transcript (where an
 * answer lands in the interview must not move the score much).
 */
function simulatedCeiling(simulations: Simulation[], scored: ScoredEntry[]): Check[] {
  return simulations
    .filter((s) => s.persona.entry.label === 'strong')
    .map((s) => {
      const score = s.evaluation.overallScore ?? 0;
      const same = scored.find((e) => e.entry.name === s.persona.entry.name)?.result.overallScore ?? 0;
      const excellent = s.evaluation.dimensions.every((d) => d.score === 4);
      return { name: `${s.persona.name}: below the ceiling, near the static score`, ok: (score < 100 || excellent) && Math.abs(score - same) <= 10, detail: `${score} simulated vs ${same} static` };
    });
}

/** The table and the checks as plain text. */
export function formatQualityReport(report: QualityReport): string {
  const width = Math.max(...report.rows.map((r) => r.transcript.length));
  const table = report.rows.map((r) => `${r.transcript.padEnd(width)}  ${r.label.padEnd(16)} ${r.score.padStart(3)}  ${r.band.padEnd(17)} ${r.dimensions}`);
  const sims = report.simulations.map((s) => `${s.persona.name.padEnd(width + 18)} ${String(s.evaluation.overallScore ?? 'n/a').padStart(3)}  ${s.transcript.filter((m) => m.role === 'candidate').length} answers`);
  const failed = report.checks.filter((c) => !c.ok);
  const lines = report.checks.map((c) => `${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
  return [
    `${'transcript'.padEnd(width)}  ${'label'.padEnd(16)} score band              dimensions (requirements, estimation, API, design, deep dive, trade-offs, communication)`,
    ...table,
    '',
    'simulated interviews (offline interviewer, scripted candidates):',
    ...sims,
    '',
    ...lines,
    '',
    `${report.checks.length - failed.length} checks passed, ${failed.length} failed`,
  ].join('\n');
}
