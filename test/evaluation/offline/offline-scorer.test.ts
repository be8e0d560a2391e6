import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scoreTranscriptOffline } from '../../../src/evaluation/offline/offline-scorer.js';
import { summaryOf } from '../../../src/evaluation/offline/feedback.js';
import { linesOf, TranscriptFileSchema } from '../../../src/evaluation/quality/transcript-file.js';
import { RUBRIC } from '../../../src/evaluation/rubric/rubric.js';
import { TopicCatalog } from '../../../src/interviewer/catalog/topic-catalog.js';

const catalog = new TopicCatalog();
const topic = catalog.get('url-shortener')!;
const corpus = (name: string) => TranscriptFileSchema.parse(JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'quality', `${name}.json`), 'utf8')));

/** A transcript of (phase, question, answer) steps, as the bot stores it. */
function transcript(steps: [string, string, string][]) {
  return steps.flatMap(([phase, question, answer]) => [
    { role: 'interviewer', content: question, metadata: { phase } },
    { role: 'candidate', content: answer },
  ]);
}

const HONEST: [string, string, string][] = [
  ['requirements', 'What should it do?', 'Users shorten a long URL and follow the short link; custom aliases are in scope, analytics is out of scope. Redirects must stay under 50 ms at p99.'],
  ['estimation', 'How much traffic?', '100 million links a day divided by 86,400 s is about 1,160 writes per second; at 100:1 that is about 116,000 reads per second.'],
  ['api-data-model', 'What is the API?', 'POST /links returns 201 with the code; GET /{code} returns a 302. The table is keyed by short_code with long_url and expires_at.'],
  ['high-level-design', 'How do you generate codes?', "I'd use random 7-character base62 codes rather than a counter because nothing has to coordinate, and a collision just retries the insert."],
  ['deep-dive', 'What happens when the cache fails?', 'If a cache node goes down, its keys fall back to the database, which I sized for twice the normal miss load, so redirects keep working.'],
  ['deep-dive', '301 or 302?', "I'd return a 302 rather than a 301 because we need every click for analytics; the cost is that browsers do not cache the redirect."],
];

describe('offline scorer', () => {
  it('scores substance, not vocabulary: a plain reasoned answer beats a list of technologies', () => {
    const stuffer = HONEST.map(([phase, question]): [string, string, string] => [phase, question, 'Kafka, Cassandra, Kubernetes, CQRS, event sourcing, Redis, consistent hashing and a service mesh with gRPC microservices.']);
    const honest = scoreTranscriptOffline(topic, transcript(HONEST));
    const listed = scoreTranscriptOffline(topic, transcript(stuffer));
    expect(honest.overallScore!).toBeGreaterThan(listed.overallScore! + 30);
    expect(['lean_no_hire', 'no_hire']).toContain(listed.band);
  });

  it('quotes evidence from the part of the interview each dimension covers, relevant to it', () => {
    const result = scoreTranscriptOffline(topic, transcript(HONEST));
    const evidence = Object.fromEntries(result.dimensions.map((d) => [d.dimension, d.evidence.join(' | ')]));
    expect(evidence.estimation).toContain('divided by 86,400 s is about 1,160 writes per second');
    expect(evidence['api-data-model']).toContain('POST /links returns 201');
    expect(evidence['deep-dive-scalability']).not.toContain('POST /links');
    expect(evidence['tradeoffs-reliability']).toMatch(/cost is that browsers|cache node goes down/);
  });

  it('never quotes, scores or counts an injection or an off-topic line', () => {
    const injection = corpus('url-shortener/injection');
    const result = scoreTranscriptOffline(topic, linesOf(injection));
    const flagged = injection.messages.filter((m) => m.flag).map((m) => m.content);
    for (const quote of result.dimensions.flatMap((d) => d.evidence)) for (const line of flagged) expect(line).not.toContain(quote);
    expect(result).toEqual(scoreTranscriptOffline(topic, linesOf(injection, { withoutFlagged: true })));
  });

  it('points out wrong arithmetic instead of asking for numbers the candidate gave', () => {
    const steps = HONEST.map((s): [string, string, string] => (s[0] === 'estimation' ? [s[0], s[1], "100 million a day, that's roughly 100,000 writes per second."] : s));
    const result = scoreTranscriptOffline(topic, transcript(steps));
    const estimation = result.dimensions.find((d) => d.dimension === 'estimation')!;
    expect(estimation.score).toBeLessThanOrEqual(2);
    expect(estimation.comment).toContain('about 1,200, not 100,000');
    expect(result.improvements.join(' ')).toContain('Check the arithmetic');
    expect(result.improvements.join(' ')).not.toContain('Put numbers on the load');
  });

  it('names improvements in the candidate\'s own design terms and never asks for what they did', () => {
    const steps: [string, string, string][] = [...HONEST.slice(0, 3), ['high-level-design', 'Which database?', "I'd store the mapping in Cassandra."], ['deep-dive', 'Anything else?', 'We add more servers when it gets busy.'], ['deep-dive', 'And?', 'That is about it from my side really.']];
    const result = scoreTranscriptOffline(topic, transcript(steps));
    const improvements = result.improvements.join(' ');
    expect(improvements).toContain("you said you'd store the mapping in Cassandra");
    expect(improvements).not.toMatch(/Put numbers on the load|method, path and response/);
  });

  it('names ties in the summary, and says so when every dimension scored the same', () => {
    const dims = RUBRIC.dimensions.map((d, i) => ({ signal: { dimension: d } as never, score: { dimension: d.id, score: i < 2 ? 4 : 3, weight: d.weight, evidence: [], comment: '' } }));
    expect(summaryOf('URL shortener', 'Hire', 80, dims, [])).toContain('Strongest: requirements and estimation (4/4); weakest: api and data model, high-level design');
    const even = dims.map((d) => ({ ...d, score: { ...d.score, score: 4 } }));
    expect(summaryOf('URL shortener', 'Strong hire', 100, even, [])).toContain('Even across the rubric: every dimension at 4/4.');
  });

  it('credits a copy of the question with nothing', () => {
    const copy = transcript(HONEST.map(([phase, question]) => [phase, `${question} Explain the design of the URL shortening service in detail.`, `${question} The design of the URL shortening service in detail.`]));
    const result = scoreTranscriptOffline(topic, copy);
    expect(result.dimensions.every((d) => d.score === 1)).toBe(true);
  });

  it('reports insufficient data for an interview too short to judge', () => {
    const result = scoreTranscriptOffline(topic, [{ role: 'interviewer', content: 'What are the requirements?' }, { role: 'candidate', content: 'Short links.' }]);
    expect(result).toMatchObject({ status: 'insufficient_data', overallScore: null, band: null, dimensions: [] });
    expect(result.summary).toContain('Not enough to judge');
  });
});
