import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AiInterviewer, type InterviewContext } from '../../src/domain/ports.js';
import type { Session } from '../../src/domain/types.js';
import { redactResumeText, RESUME_REDACTED, ResumeGuardedInterviewer } from '../../src/privacy/resume-guard.js';
import { startOpenAiFake, type OpenAiFake } from '../fakes/openai-fake-server.js';
import { messageEvent, postEvent, postSlashCommand } from '../fakes/slack-signed-request.js';
import { type SlackFake } from '../fakes/slack-web-api-fake.js';
import { memoryLogger } from '../support/memory-log.js';
import { until } from '../support/queue-backends.js';
import { startSlackWithOpenAi, type SlackWithOpenAi } from '../support/slack-with-openai.js';
import { storageBackends, type TestDatabase } from '../support/storage-backends.js';

const RESUME =
  'Jane Roe, +1 415 555 0199, jane.roe@example.com, passport X1234567. Led the migration of the payments ledger from a monolith to event sourced services at Acme Bank, cutting settlement time from hours to minutes.';
// What a model that ignored "never quote it" could write; each fragment is checked below.
const QUOTING =
  'Thanks. I see you led the migration of the payments ledger from a monolith, reachable at Jane.Roe@example.com or (415) 555-0199, id x1234567. How would you partition the short-link table?';
const LEAKS = ['payments ledger from a monolith', 'jane.roe@example.com', '555-0199', '555 0199', '1234567', 'Jane.Roe'];

describe('redactResumeText', () => {
  it('removes a run of 6+ resume words, the resume\'s email, phone and ID tokens, whatever their case or formatting', () => {
    const out = redactResumeText(QUOTING, RESUME);
    for (const leak of LEAKS) expect(out.toLowerCase()).not.toContain(leak.toLowerCase());
    expect(out).toContain('How would you partition the short-link table?');
    expect(out).toContain(`I see you ${RESUME_REDACTED}`);
  });

  it('leaves ordinary interview text alone: shorter shared runs, numbers and words not in the resume', () => {
    const text = 'Led the migration to shards? Event sourced services can work: 10000 requests per second, 99.9% at 4.15 ms. Which settlement time do you target?';
    expect(redactResumeText(text, RESUME)).toBe(text);
    expect(redactResumeText(QUOTING, undefined)).toBe(QUOTING);
    expect(redactResumeText(QUOTING, '   ')).toBe(QUOTING);
  });

  it('streamed text never shows a resume run, even while it is still being written', async () => {
    const inner: AiInterviewer = {
      recentMessages: 4,
      streams: true,
      initialize: async () => undefined,
      openingQuestion: async () => ({ content: QUOTING }),
      reply: async (_context, _turn, options) => {
        // Word by word, the way a model streams.
        for (const piece of QUOTING.match(/\S+\s*/g)!) options?.onDelta?.(piece);
        return { content: QUOTING, state: { throughSeq: 1 } };
      },
    };
    const guarded = new ResumeGuardedInterviewer(inner);
    const context = { session: { config: { resumeData: { text: RESUME } } } as unknown as Session, elapsedActiveMs: 0, remainingActiveMs: 0 } satisfies InterviewContext;
    const shown: string[] = [];
    let streamed = '';
    const reply = await guarded.reply(context, { state: null, messages: [] }, { onDelta: (d) => shown.push((streamed += d)) });
    expect(shown.length).toBeGreaterThan(0);
    for (const snapshot of [...shown, reply.content, (await guarded.openingQuestion(context)).content]) {
      for (const leak of LEAKS) expect(snapshot.toLowerCase()).not.toContain(leak.toLowerCase());
    }
    expect(reply.content).toContain('How would you partition');
  });
});

describe.each(storageBackends)('Resume text quoted by the OpenAI interviewer never reaches the thread, on $name', (backend) => {
  const SECRET = 'test-signing-secret';
  const TEAM = 'T_FAKE';
  let db: TestDatabase;
  let slack: SlackFake;
  let openai: OpenAiFake;
  let stack: SlackWithOpenAi;
  let core: SlackWithOpenAi['core'];
  let store: SlackWithOpenAi['store'];
  let url: string;
  const logs = memoryLogger();

  beforeAll(async () => {
    db = await backend.open();
    openai = await startOpenAiFake();
    // The model disobeys: the opening and every reply quote the resume.
    openai.setResponder(() => ({ kind: 'content', content: QUOTING }));
    stack = await startSlackWithOpenAi(db.handle, { teamId: TEAM, secret: SECRET, logger: logs.logger, openai: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openai.baseUrl, OPENAI_MAX_RETRIES: '0' } });
    ({ slack, core, store, url } = stack);
  });
  afterAll(async () => {
    await stack?.close();
    await openai?.close();
    await db?.cleanup();
  });

  it('the opening and a reply that quote the resume are posted, streamed and stored without it', async () => {
    const user = `URES${process.pid}`;
    const channel = `CRES${process.pid}`;
    await store.profiles.save({ platform: 'slack', workspaceId: TEAM, userId: user }, { role: 'Backend engineer', years: 6, focusAreas: [], resumeText: RESUME }, new Date());
    await postSlashCommand(url, SECRET, { text: 'start url shortener', team_id: TEAM, channel_id: channel, user_id: user, response_url: slack.responseUrl(`${channel}-${user}`) });
    await until(() => slack.messagesInChannel(channel).length >= 1, 5_000, 'root posted');
    const root = slack.messagesInChannel(channel)[0]!.ts;
    const thread = () => slack.messagesInThread(channel, root).slice(1).map((m) => m.text ?? '');
    await until(() => thread().length >= 1 && !thread()[0]!.includes('Thinking'), 10_000, 'opening question');
    expect((await postEvent(url, SECRET, messageEvent({ channel, user, text: 'Reads dominate: 100:1.', thread_ts: root }), { teamId: TEAM })).status).toBe(200);
    await until(() => thread().length >= 2 && thread()[1]!.includes('How would you partition'), 10_000, 'reply');

    // The model was given the resume (so it could quote it) ...
    expect(openai.requests.some((r) => r.rawBody.includes('Acme Bank'))).toBe(true);
    // ... and nothing it quoted was posted, streamed into a placeholder, or sent privately.
    const everythingSent = JSON.stringify(slack.calls.map((c) => c.args)).toLowerCase();
    for (const leak of LEAKS) expect(everythingSent).not.toContain(leak.toLowerCase());
    expect(thread()[1]).toContain(RESUME_REDACTED);
    // Stored without it too: the transcript (history, export) holds the redacted reply.
    const session = await core.sessions.getActiveSession({ platform: 'slack', workspaceId: TEAM, userId: user });
    const transcript = await core.sessions.getTranscript(session!.id, { platform: 'slack', workspaceId: TEAM });
    const said = transcript.filter((m) => m.role !== 'candidate').map((m) => m.content).join('\n').toLowerCase();
    expect(said).toContain('how would you partition');
    for (const leak of LEAKS) expect(said).not.toContain(leak.toLowerCase());
    openai.assertNoUnexpected();
  });
});
