import type { ScoredEvaluation } from '../../domain/types.js';
import type { Topic } from '../../interviewer/catalog/catalog-schema.js';
import type { TopicCatalog } from '../../interviewer/catalog/topic-catalog.js';
import { isVerbatim } from '../evidence.js';
import { anchorFor, RUBRIC } from '../rubric/rubric.js';
import { scoreTranscriptOffline } from '../offline/offline-scorer.js';
import { CORPUS_LABELS, FRESH_LABELS, type CorpusEntry } from './corpus.js';
import { linesOf } from './transcript-file.js';

export interface ScoredEntry {
  entry: CorpusEntry;
  topic: Topic;
  result: ScoredEvaluation;
}

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

const MIN_SPREAD = 15;
const NOT_HIRE = ['lean_no_hire', 'no_hire'];

export function scoreCorpus(catalog: TopicCatalog, entries: CorpusEntry[]): ScoredEntry[] {
  return entries.map((entry) => {
    const topic = catalog.get(entry.topicId);
    if (!topic) throw new Error(`${entry.name}: no topic ${entry.topicId} in the catalog`);
    return { entry, topic, result: scoreTranscriptOffline(topic, linesOf(entry.file)) };
  });
}

/** The quality suite's promises (issue 10), each checked on every topic the corpus has. */
export function corpusChecks(scored: ScoredEntry[]): Check[] {
  const checks: Check[] = [];
  const of = (topicId: string, label: string) => scored.find((s) => s.entry.topicId === topicId && s.entry.label === label);
  const score = (s: ScoredEntry | undefined) => s?.result.overallScore ?? null;
  for (const topicId of [...new Set(scored.map((s) => s.entry.topicId))]) {
    const [strong, average, weak, stuffer] = CORPUS_LABELS.map((label) => of(topicId, label));
    const present = [strong, average, weak, stuffer].every(Boolean);
    checks.push({ name: `${topicId}: all four labels`, ok: present, detail: present ? 'strong, average, weak, keyword-stuffer' : 'missing a labeled transcript' });
    if (!present) continue;
    const [s, a, w, k] = [score(strong), score(average), score(weak), score(stuffer)];
    checks.push({ name: `${topicId}: strong > average > weak, ${MIN_SPREAD}+ apart`, ok: s !== null && a !== null && w !== null && s > a && a > w && s - w >= MIN_SPREAD, detail: `${s} > ${a} > ${w}` });
    checks.push({ name: `${topicId}: keyword-stuffer below average, not hired`, ok: k !== null && a !== null && k < a && NOT_HIRE.includes(stuffer!.result.band ?? ''), detail: `${k} (${stuffer!.result.band}) vs average ${a}` });
  }
  for (const topicId of [...new Set(scored.map((s) => s.entry.topicId))]) {
    const [plain, dropper] = FRESH_LABELS.map((label) => of(topicId, label));
    if (!plain || !dropper) continue;
    const [p, d] = [score(plain), score(dropper)];
    checks.push({ name: `${topicId}: plain above name-dropper, ${MIN_SPREAD}+ apart, name-dropper not hired`, ok: p !== null && d !== null && p - d >= MIN_SPREAD && NOT_HIRE.includes(dropper.result.band ?? ''), detail: `${p} (plain, ${plain.entry.file.base ?? 'unlabeled'}) vs ${d} (${dropper.result.band})` });
  }
  for (const s of scored) {
    const { entry, topic, result } = s;
    if (entry.label === 'injection' || entry.label === 'off-topic') {
      const without = scoreTranscriptOffline(topic, linesOf(entry.file, { withoutFlagged: true }));
      const same = JSON.stringify(without) === JSON.stringify(result);
      checks.push({ name: `${entry.name}: scored as if the ${entry.label} lines were absent`, ok: same, detail: `${result.overallScore} vs ${without.overallScore} without them` });
    }
    if (entry.label === 'too-short') checks.push({ name: `${entry.name}: judged insufficient`, ok: result.status === 'insufficient_data', detail: result.status });
    if (entry.label === 'rambling') {
      const limit = score(of(entry.topicId, 'average')) ?? 0;
      checks.push({ name: `${entry.name}: below average`, ok: result.overallScore === null || result.overallScore < limit, detail: `${result.overallScore ?? 'insufficient'} vs ${limit}` });
    }
    if (entry.label === 'copy-of-question') {
      // No better than weak: the no-hire band, within a few points of the weak transcript.
      const limit = (score(of(entry.topicId, 'weak')) ?? 0) + 5;
      const ok = result.overallScore === null || (result.band === 'no_hire' && result.overallScore <= limit);
      checks.push({ name: `${entry.name}: no better than weak`, ok, detail: `${result.overallScore ?? 'insufficient'} (${result.band ?? 'n/a'}) vs weak + 5 = ${limit}` });
    }
    if (entry.label === 'off-scale') {
      // Right arithmetic from inputs orders of magnitude off the topic's scale: noted, and at most a 2.
      const estimation = result.dimensions.find((d) => d.dimension === 'estimation');
      const strong = score(of(entry.topicId, 'strong')) ?? 0;
      const ok = Boolean(estimation && estimation.score <= 2 && estimation.comment.includes("far from the topic's scale")) && (result.overallScore ?? 0) < strong;
      checks.push({ name: `${entry.name}: estimate off the topic's scale is noted and costs points`, ok, detail: `estimation ${estimation?.score ?? 'n/a'}: "${estimation?.comment.slice(0, 160) ?? ''}"; ${result.overallScore} vs strong ${strong}` });
    }
    // Comments agree with the evidence: no "none" anchor next to a quote, and no quote said plainly.
    const contradicted = result.dimensions.filter((d) => {
      const anchor = RUBRIC.dimensions.find((r) => r.id === d.dimension);
      return (d.evidence.length > 0 && d.score === 1 && anchor !== undefined && d.comment.startsWith(anchorFor(anchor, 1))) || (d.evidence.length === 0 && !d.comment.includes('Nothing said'));
    });
    checks.push({ name: `${entry.name}: comments agree with the evidence`, ok: contradicted.length === 0, detail: contradicted.length ? `${contradicted[0]!.dimension}: "${contradicted[0]!.comment.slice(0, 100)}" with ${contradicted[0]!.evidence.length} quote(s)` : `${result.dimensions.length} dimensions` });
    const again = scoreTranscriptOffline(topic, linesOf(entry.file));
    checks.push({ name: `${entry.name}: same input, same evaluation`, ok: JSON.stringify(again) === JSON.stringify(result), detail: String(result.overallScore) });
    const flagged = entry.file.messages.filter((m) => m.flag).map((m) => m.content);
    const answers = entry.file.messages.filter((m) => m.role === 'candidate' && !m.flag).map((m) => m.content);
    const quotes = result.dimensions.flatMap((d) => d.evidence);
    const bad = quotes.filter((q) => !isVerbatim(q, answers) || isVerbatim(q, flagged));
    checks.push({ name: `${entry.name}: evidence is the candidate's own answers`, ok: bad.length === 0, detail: bad.length ? `not from an answer: "${bad[0]}"` : `${quotes.length} quotes` });
  }
  return checks;
}
