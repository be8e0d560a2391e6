import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_LABELS, SPECIAL_LABELS } from '../../../src/evaluation/quality/corpus.js';
import { qualityReport, type QualityReport } from '../../../src/evaluation/quality/quality-report.js';
import { TopicCatalog } from '../../../src/interviewer/catalog/topic-catalog.js';

const catalog = new TopicCatalog();
const DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'quality');

/**
 * The quality suite (issue 10): labeled transcripts written for it, for every topic, and
 * simulated interviews against the offline interviewer. Each check is a promise the README makes
 * about the score; `npm run cli -- quality` prints the same table and checks.
 */
describe('the quality suite', () => {
  let report: QualityReport;
  beforeAll(async () => {
    report = await qualityReport(catalog, DIR);
  });

  it('has strong, average, weak and keyword-stuffer transcripts for every topic, and every special case', () => {
    for (const topic of catalog.topics) {
      for (const label of CORPUS_LABELS) expect(report.rows.map((r) => r.transcript), `${topic.id}/${label}`).toContain(`${topic.id}/${label}`);
    }
    for (const label of SPECIAL_LABELS) expect(report.rows.filter((r) => r.label === label).length, label).toBeGreaterThanOrEqual(3);
  });

  it('passes every check: order and spread per topic, stuffers and asides, determinism, evidence, and the simulated interviews', () => {
    const failed = report.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`);
    expect(failed).toEqual([]);
    // Every topic's ordering was checked, and every simulated interview was.
    expect(report.checks.filter((c) => c.name.includes('strong > average > weak'))).toHaveLength(catalog.topics.length);
    // Fresh plain and name-dropper pairs (written to judge scorer changes) for the other 11 topics.
    expect(report.checks.filter((c) => c.name.includes('plain above name-dropper')).length).toBeGreaterThanOrEqual(11);
    expect(report.simulations.length).toBeGreaterThanOrEqual(catalog.topics.length * 4);
  });

  it('spreads strong transcripts over a range instead of piling them at the ceiling', () => {
    const strong = report.rows.filter((r) => r.label === 'strong').map((r) => Number(r.score));
    expect(strong.filter((s) => s === 100)).toEqual([]);
    expect(Math.max(...strong) - Math.min(...strong)).toBeGreaterThanOrEqual(10);
    expect(Math.min(...strong)).toBeGreaterThanOrEqual(60);
  });

  it('keeps simulated strong interviews below the ceiling and near their static score, normal and fast', () => {
    const ceiling = report.checks.filter((c) => c.name.includes('below the ceiling, near the static score'));
    expect(ceiling).toHaveLength(catalog.topics.length * 2);
    expect(ceiling.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`)).toEqual([]);
    for (const sim of report.simulations.filter((s) => s.persona.entry.label === 'strong')) expect(sim.evaluation.overallScore, sim.persona.name).toBeLessThan(100);
  });

  it('never rates a keyword-stuffer above "lean no hire"', () => {
    for (const row of report.rows.filter((r) => r.label === 'keyword-stuffer')) expect(['Lean no hire', 'No hire'], row.transcript).toContain(row.band);
  });
});
