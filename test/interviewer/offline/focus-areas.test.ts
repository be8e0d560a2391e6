import { describe, expect, it } from 'vitest';
import type { InterviewerReply } from '../../../src/domain/ports.js';
import { TopicCatalog } from '../../../src/interviewer/catalog/topic-catalog.js';
import { FOCUS_LEADS } from '../../../src/interviewer/offline/focus-areas.js';
import { OfflineInterviewer } from '../../../src/interviewer/offline/offline-interviewer.js';
import { contextAt, sessionFor, TranscriptBuilder } from '../../support/transcript-builder.js';

const catalog = new TopicCatalog();
const interviewer = new OfflineInterviewer(catalog);
const topic = catalog.get('url-shortener')!;
const concept = (id: string) => topic.concepts.find((c) => c.id === id)!;

const ANSWERS = [
  'The app servers are stateless behind the load balancer and scale out horizontally when traffic grows.',
  'Each server keeps nothing locally, so any of them can take any request at any moment.',
];

/** Deep-dive replies (minute 25 of 45) to neutral answers, for a candidate with these focus areas. */
async function deepDive(focusAreas?: string[], answers = ANSWERS): Promise<InterviewerReply[]> {
  const session = sessionFor(focusAreas ? { resumeData: { focusAreas } } : {});
  const t = new TranscriptBuilder();
  t.interviewer({ content: "Let's go deeper into the design.", metadata: { phase: 'deep-dive', kind: 'general' } });
  const replies: InterviewerReply[] = [];
  for (const answer of answers) {
    t.candidate(answer);
    const reply = await interviewer.reply(contextAt(session, 25), { state: null, messages: t.messages });
    t.interviewer(reply);
    replies.push(reply);
  }
  return replies;
}

describe('the offline interviewer and the profile\'s focus areas', () => {
  it('without focus areas the deep dive asks the most important open question, with no lead', async () => {
    const [first] = await deepDive();
    expect(first!.metadata).toMatchObject({ phase: 'deep-dive' });
    for (const lead of FOCUS_LEADS) expect(first!.content).not.toContain(lead);
    expect(first!.content).not.toContain(concept('abuse-and-rate-limiting').probe);
  });

  it('asks first about an area the candidate wants to practise, says that is why, and never quotes the profile', async () => {
    const [first] = await deepDive(['Rate limiting', 'ACME internal tooling']);
    expect(first!.content).toBe(`${FOCUS_LEADS[0]} ${concept('abuse-and-rate-limiting').probe}`);
    expect(first!.metadata).toMatchObject({ phase: 'deep-dive', kind: 'probe', concept: 'abuse-and-rate-limiting' });
    expect(first!.content).not.toMatch(/ACME|Rate limiting/);
  });

  it("matches a focus area to the topic's harder questions too, and varies the lead the second time", async () => {
    const [first, second] = await deepDive(['global counters', 'expiring links']);
    expect(first!.content).toBe(`${FOCUS_LEADS[0]} ${topic.deepDiveProbes[1]!.question}`);
    expect(first!.metadata).toMatchObject({ kind: 'deep-dive', deepDive: 1 });
    expect(second!.content).toBe(`${FOCUS_LEADS[1]} ${topic.deepDiveProbes[3]!.question}`);
  });

  it('does not ask about a focus area the candidate already covered', async () => {
    const [first] = await deepDive(['rate limiting'], ['We rate limit per API key and keep a blocklist against abuse and spam, with the servers stateless behind the load balancer.']);
    expect(first!.content).not.toContain(concept('abuse-and-rate-limiting').probe);
    for (const lead of FOCUS_LEADS) expect(first!.content).not.toContain(lead);
  });
});
