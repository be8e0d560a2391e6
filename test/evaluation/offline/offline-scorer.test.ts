import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scoreTranscriptOffline } from '../../../src/evaluation/offline/offline-scorer.js';
import { analyzeAnswers } from '../../../src/evaluation/answers.js';
import { dimensionSignal } from '../../../src/evaluation/offline/dimension-signals.js';
import { improvementsOf, summaryOf } from '../../../src/evaluation/offline/feedback.js';
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

describe('offline scorer: evidence, comments and improvements fit what was said', () => {
  const dim = (result: ReturnType<typeof scoreTranscriptOffline>, id: string) => result.dimensions.find((d) => d.dimension === id)!;

  it('quotes nothing rather than an irrelevant line, and says plainly that nothing relevant was said', () => {
    const steps = HONEST.map((s): [string, string, string] => (s[0] === 'api-data-model' ? [s[0], s[1], 'Honestly I really enjoy this kind of problem, it reminds me of a side project from years ago with friends.'] : s));
    const api = dim(scoreTranscriptOffline(topic, transcript(steps)), 'api-data-model');
    expect(api.evidence).toEqual([]);
    expect(api.comment).toContain('Nothing said in this part of the interview was relevant to it');
  });

  it('never writes "no API" or "no trade-offs" next to evidence that shows some', () => {
    const thin: [string, string, string][] = [
      ['requirements', 'What should it do?', 'Short links that redirect to the long one.'],
      ['estimation', 'How much traffic?', 'A lot of traffic, many users every day.'],
      ['api-data-model', 'What is the API?', 'POST /links returns 201.'],
      ['high-level-design', 'Walk me through the design.', 'There is a web tier in front and a database behind it that holds the short code and the long link for every entry that people create on the site.'],
      ['deep-dive', 'What happens when the database fails?', 'If the database goes down, the replica takes over.'],
      ['deep-dive', 'Anything else?', 'Not really, that is what I have for now, I would need more time to think about the rest of the pieces here.'],
    ];
    const result = scoreTranscriptOffline(topic, transcript(thin));
    const api = dim(result, 'api-data-model');
    expect(api.evidence.join(' ')).toContain('POST /links returns 201');
    expect(api.comment).not.toContain('No API or data model');
    const tradeoffs = dim(result, 'tradeoffs-reliability');
    expect(tradeoffs.comment).toContain('1 failure(s) handled');
    expect(tradeoffs.comment).not.toContain('No trade-offs or failure handling discussed');
  });

  it('asks for the next missing thing in requirements and the API, in the candidate\'s words, not for what was done', () => {
    const thin: [string, string, string][] = [
      ['requirements', 'What should it do?', 'Analytics is out of scope. Redirects must stay under 50 ms.'],
      HONEST[1]!,
      ['api-data-model', 'What is the API?', 'POST /links returns 201.'],
      ...HONEST.slice(3),
    ];
    const result = scoreTranscriptOffline(topic, transcript(thin));
    const improvements = result.improvements.join(' ');
    expect(dim(result, 'requirements').score).toBeLessThanOrEqual(2);
    expect(dim(result, 'api-data-model').score).toBeLessThanOrEqual(2);
    expect(improvements).not.toContain('Open by saying what is in and out of scope and one measurable target');
    expect(improvements).not.toContain('Write each endpoint as method, path and response');
    expect(improvements).toContain('POST /links');
    expect(improvements).toMatch(/you said "Analytics is out of scope"|under 50 ms/);
  });

  it('does not count numbers about something else as an answer to an estimate question', () => {
    const steps = HONEST.map((s): [string, string, string] => (s[0] === 'estimation' ? [s[0], 'How much storage over five years?', 'We were 3 engineers and 2 designers on my last team, and we shipped every 14 days.'] : s));
    const result = scoreTranscriptOffline(topic, transcript(steps));
    expect(dim(result, 'communication').comment).toContain('5 of 6 answers did what was asked');
  });

  it('notes an estimate whose inputs are orders of magnitude off the topic\'s scale', () => {
    const steps = HONEST.map((s): [string, string, string] => (s[0] === 'estimation' ? [s[0], s[1], 'Say 1,000 links a day, which is about 0.01 writes per second, so one small database is plenty.'] : s));
    const right = dim(scoreTranscriptOffline(topic, transcript(HONEST)), 'estimation');
    const off = dim(scoreTranscriptOffline(topic, transcript(steps)), 'estimation');
    expect(off.comment).toContain("far from the topic's scale");
    expect(off.comment).toContain('100 million a day');
    expect(off.score).toBeLessThan(right.score);
  });

  it('asks for communication only what is missing, naming the question that went wrong', () => {
    const communication = RUBRIC.dimensions.find((d) => d.id === 'communication')!;
    const improve = (steps: [string, string, string][]) => {
      const answers = analyzeAnswers(topic, transcript(steps));
      const signal = dimensionSignal(communication, topic, answers);
      return improvementsOf(topic, [{ signal, score: { dimension: 'communication', score: 2, weight: 10, evidence: [], comment: '' } }], answers).join(' ');
    };
    // Most answers lead with a decision: never ask for that; name the one question not answered.
    const decided: [string, string, string][] = [
      ['requirements', 'What should it do?', "I'd keep custom aliases in scope because marketing asks for them, and leave analytics out so the first version ships sooner."],
      ['estimation', 'How much storage over five years?', "I'd keep every link forever because deleting them breaks old pages that still point at us."],
      HONEST[3]!,
      HONEST[5]!,
      ['deep-dive', 'How do you stop abuse?', "I'd rate-limit creation per API key because one script can otherwise fill the keyspace, and check each long URL against a phishing list."],
      ['deep-dive', 'How would you cache?', "I'd put the hot codes in Redis in front of the store because most clicks go to a few links, so redirects rarely reach the database."],
    ];
    const text = improve(decided);
    expect(text).not.toContain('Lead each answer with the decision');
    expect(text).toContain('"How much storage over five years?" did not get the answer it asked for');
    const ramble = 'We could do lots of things here and there with the servers and the data in general. '.repeat(14);
    expect(improve([...HONEST, ['deep-dive', 'How would you scale the reads?', ramble]])).toContain('Your answer to "How would you scale the reads?" ran long without a decision');
  });
});
