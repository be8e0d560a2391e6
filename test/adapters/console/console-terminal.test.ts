import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUBRIC } from '../../../src/evaluation/rubric/rubric.js';
import { startOpenAiFake, type OpenAiFake } from '../../fakes/openai-fake-server.js';
import { startDiscordFake } from '../../fakes/discord-fake.js';
import { startSlackFake, type SlackFake } from '../../fakes/slack-web-api-fake.js';
import { until } from '../../support/queue-backends.js';
import { runPiped, startMain } from '../../support/terminal-process.js';

const INTERVIEW = [
  '/interview start rate limiter 30',
  'Limit each client to 100 requests per minute per API key; return 429 with Retry-After. It must add little latency and stay available.',
  'Peak is about 1M requests per second across 10k clients, so the counters fit in a few GB of Redis memory.',
  "I'd keep a token bucket per key in Redis because it allows short bursts, updated atomically in a Lua script so concurrent requests cannot race.",
  'If Redis is down we fail open so users are not blocked; replicas give failover, at the cost of a short burst getting through.',
  '/interview end',
].join('\n');

/** What a user reads on a terminal: no stack trace, ever, for a configuration mistake. */
function expectNoStack(text: string) {
  expect(text).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m);
  expect(text).not.toMatch(/RuntimeError|Aborted\(\)/);
}

describe('the terminal chat, as a user runs it', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mib-terminal-'));
    // An interview completed and evaluated in an earlier run.
    const first = await runPiped({ DATA_DIR: dir }, `${INTERVIEW}\n`);
    expect(first.code, first.out + first.err).toBe(0);
    // The first start on a new data folder says why it takes a while.
    expect(first.out).toMatch(/^Setting up the local database in .+ \(first run only; about 10-20 seconds\)\.\.\.$/m);
    expect(first.out).toMatch(/Overall: \d+\/100/);
    // Piped answers are echoed, so the output reads as a transcript.
    expect(first.out).toContain('You: Limit each client to 100 requests per minute');
  }, 120_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('quits at once after an earlier run\'s evaluation: at end of piped input, at /quit, and at a terminal with /quit or Ctrl-C', async () => {
    const topics = await runPiped({ DATA_DIR: dir }, '/interview topics\n');
    expect(topics.code).toBe(0);
    expect(topics.out).toContain('url-shortener');
    expect(topics.out).not.toContain('Writing your evaluation');
    const quit = await runPiped({ DATA_DIR: dir }, '/quit\n/interview topics\n');
    expect(quit.code).toBe(0);
    expect(quit.out).not.toContain('url-shortener');
    for (const key of ['/quit\r', '\x03']) {
      const t = startMain({ DATA_DIR: dir }, { pty: true });
      await t.waitFor('> ');
      const sent = performance.now();
      t.write(key);
      const { code } = await t.exited;
      // Immediate: well under a second of work, allowing for a busy CI machine.
      expect(performance.now() - sent, `${JSON.stringify(key)}: ${t.output()}`).toBeLessThan(5_000);
      expect(code).toBe(0);
    }
  }, 120_000);

  it('holds the data folder for one process: a second one says which process has it and leaves the data alone', async () => {
    const holder = startMain({ DATA_DIR: dir }, { pty: true });
    try {
      await holder.waitFor('> ');
      const second = await runPiped({ DATA_DIR: dir }, '/interview history\n');
      expect(second.code).toBe(1);
      expect(second.err.trim().split('\n')).toHaveLength(1);
      expect(second.err).toMatch(new RegExp(`The data folder ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is in use by process \\d+ \\(running since`));
      expectNoStack(second.out + second.err);
    } finally {
      holder.write('/quit\r');
      await holder.exited;
    }
    // The first process's data is intact.
    const after = await runPiped({ DATA_DIR: dir }, '/interview history\n');
    expect(after.code).toBe(0);
    expect(after.out).toMatch(/1\. \d{4}-\d{2}-\d{2}\s+\d+\/100\s+completed/);
  }, 120_000);

  it('refuses durations and templates it does not understand, saying why', async () => {
    const run = await runPiped({ DATA_DIR: dir }, ['/interview start url shortener 9999', '/interview start url shortener -5', '/interview start url shortener 30 expert', '/interview status'].join('\n') + '\n');
    expect(run.out).toContain('An interview lasts 5 to 180 minutes; you asked for 9999.');
    expect(run.out).toContain('`-5` is not a duration'.replace(/`/g, ''));
    expect(run.out).toMatch(/expert is not a template/);
    // Nothing was started by any of them.
    expect(run.out).not.toContain('=== Mock interview');
  }, 60_000);

  it('at a terminal, output that arrives later (the evaluation) is printed above a redrawn prompt', async () => {
    const t = startMain({ DATA_DIR: dir }, { pty: true });
    try {
      await t.waitFor('> ');
      for (const line of INTERVIEW.split('\n')) {
        t.write(`${line}\r`);
        await new Promise((r) => setTimeout(r, line.startsWith('/interview start') ? 1_500 : 400));
      }
      await t.waitFor('=== Evaluation', 30_000);
      // After the card, readline draws the prompt again (cursor to column 1, clear, "> ").
      const redraw = '\u001b[1G\u001b[0J> ';
      await until(() => t.output().slice(t.output().lastIndexOf('=== Evaluation')).includes(redraw), 10_000, 'the prompt redrawn below the evaluation');
    } finally {
      t.write('/quit\r');
      await t.exited;
    }
  }, 90_000);

  it('greets a returning user with the open interview, its time left and the last question', async () => {
    const open = await mkdtemp(join(tmpdir(), 'mib-terminal-open-'));
    try {
      const first = await runPiped({ DATA_DIR: open }, '/interview start url shortener 30\nUsers shorten links and follow them.\n');
      expect(first.out).toContain('Your interview is still open');
      const last = first.out.match(/Interviewer: (.+)\n(?![\s\S]*Interviewer: )/)![1]!;
      const again = await runPiped({ DATA_DIR: open }, '/quit\n');
      expect(again.out).not.toContain('Setting up the local database');
      expect(again.out).toMatch(/Welcome back\. Your interview on URL shortener is still running, with about \d+ minutes left\./);
      expect(again.out).toContain(`The last question was:\n\nInterviewer: ${last}`);
    } finally {
      await rm(open, { recursive: true, force: true });
    }
  }, 90_000);
});

describe('start-up mistakes, each told in one line naming the variable', () => {
  let dir: string;
  let slack: SlackFake;
  let openai: OpenAiFake;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mib-config-'));
    slack = await startSlackFake();
    slack.setHandler('auth.test', () => ({ ok: false, error: 'invalid_auth' }));
    openai = await startOpenAiFake();
  });
  afterAll(async () => {
    await slack.close();
    await openai.close();
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['DATABASE_URL', { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' }, /Cannot use PostgreSQL at 127\.0\.0\.1:1\/none \(DATABASE_URL\): connection refused/],
    ['REDIS_URL', { REDIS_URL: 'redis://127.0.0.1:1' }, /Cannot reach Redis at 127\.0\.0\.1:1 \(REDIS_URL\): connection refused/],
    ['DISCORD_TOKEN', { DISCORD_TOKEN: 'not-a-token', DISCORD_API_URL: 'http://127.0.0.1:1/api' }, /Cannot reach Discord \(127\.0\.0\.1:1\): connection refused.*DISCORD_API_URL/],
    ['SLACK_API_URL', { SLACK_BOT_TOKEN: 'xoxb-x', SLACK_SIGNING_SECRET: 's', SLACK_API_URL: 'http://127.0.0.1:1/api/', PORT: '0' }, /Cannot reach Slack \(http:\/\/127\.0\.0\.1:1\/api\/\): connection refused.*SLACK_API_URL/],
  ])('%s', async (_name, env, message) => {
    const run = await runPiped({ DATA_DIR: dir, ...env }, '/quit\n');
    expect(run.code).toBe(1);
    const lines = run.err.trim().split('\n');
    expect(lines, run.err).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expectNoStack(run.out + run.err);
  }, 60_000);

  it('SLACK_APP_TOKEN (Socket Mode) rejected by Slack', async () => {
    const own = await startSlackFake();
    try {
      own.setHandler('apps.connections.open', () => ({ ok: false, error: 'invalid_auth' }));
      const run = await runPiped({ DATA_DIR: dir, SLACK_BOT_TOKEN: 'xoxb-good', SLACK_APP_TOKEN: 'xapp-bad', SLACK_API_URL: own.apiUrl, PORT: '0' }, '');
      expect(run.code, run.out + run.err).toBe(1);
      expect(run.err.trim().split('\n'), run.err).toHaveLength(1);
      expect(run.err).toContain('SLACK_APP_TOKEN was rejected by Slack (invalid_auth)');
      expectNoStack(run.out + run.err);
    } finally {
      await own.close();
    }
  }, 60_000);

  it('DISCORD_TOKEN rejected by Discord (REST 401, gateway 4004)', async () => {
    const discord = await startDiscordFake({ token: 'the-right-token' });
    try {
      const run = await runPiped({ DATA_DIR: dir, DISCORD_TOKEN: 'a-wrong-token', DISCORD_API_URL: discord.apiUrl, PORT: '0' }, '');
      expect(run.code, run.out + run.err).toBe(1);
      expect(run.err.trim().split('\n'), run.err).toHaveLength(1);
      expect(run.err).toContain('DISCORD_TOKEN was rejected by Discord');
      expectNoStack(run.out + run.err);
    } finally {
      await discord.close();
    }
  }, 60_000);

  it('DISCORD_TOKEN alone, with discord.com out of reach, says so in one line', async () => {
    // Host names do not resolve in the child (test/support/no-network.js): no real network is used.
    const t = startMain({ DATA_DIR: dir, DISCORD_TOKEN: 'a-token', DISCORD_API_URL: '', PORT: '0' }, { nodeArgs: ['--import', './test/support/no-network.js'] });
    t.process.stdin!.end();
    const timer = setTimeout(() => t.kill(), 50_000);
    const { code } = await t.exited;
    clearTimeout(timer);
    expect(code, t.output() + t.stderr()).toBe(1);
    expect(t.stderr().trim().split('\n'), t.stderr()).toHaveLength(1);
    expect(t.stderr()).toMatch(/Cannot reach Discord \(discord\.com\): .*Check the network; DISCORD_TOKEN is set/);
    expectNoStack(t.output() + t.stderr());
  }, 60_000);

  it('SLACK_BOT_TOKEN rejected by Slack', async () => {
    const run = await runPiped({ DATA_DIR: dir, SLACK_BOT_TOKEN: 'xoxb-bad', SLACK_SIGNING_SECRET: 's', SLACK_API_URL: slack.apiUrl, PORT: '0' }, '');
    expect(run.code).toBe(1);
    expect(run.err.trim().split('\n')).toHaveLength(1);
    expect(run.err).toContain('SLACK_BOT_TOKEN was rejected by Slack (invalid_auth)');
    expectNoStack(run.out + run.err);
  }, 60_000);

  it('an OpenAI key that is rejected, or a base URL that does not answer, is a warning at start-up naming the setting', async () => {
    openai.setModelsStatus(401);
    const rejected = await runPiped({ DATA_DIR: dir, OPENAI_API_KEY: 'sk-wrong', OPENAI_BASE_URL: openai.baseUrl }, '/quit\n');
    expect(rejected.code).toBe(0);
    expect(rejected.out).toContain(`[warning] The interviewer is misconfigured: the AI service at ${openai.baseUrl} rejected its key (OPENAI_API_KEY).`);
    expect(rejected.out + rejected.err).not.toContain('sk-wrong');
    const unreachable = await runPiped({ DATA_DIR: dir, OPENAI_API_KEY: 'sk-x', OPENAI_BASE_URL: 'http://127.0.0.1:1/v1' }, '/quit\n');
    expect(unreachable.out).toContain('[warning] The interviewer cannot reach its AI service at http://127.0.0.1:1/v1 (OPENAI_BASE_URL)');
    openai.setModelsStatus(200);
  }, 60_000);

  it('while an LLM writes the opening question, the terminal shows that the interviewer is thinking', async () => {
    const own = await mkdtemp(join(tmpdir(), 'mib-thinking-'));
    try {
      openai.enqueue({ kind: 'delay', ms: 3_000, then: { kind: 'content', content: 'What would you clarify before designing anything?' } });
      const run = await runPiped({ DATA_DIR: own, OPENAI_API_KEY: 'sk-x', OPENAI_BASE_URL: openai.baseUrl, OPENAI_MAX_RETRIES: '0' }, '/interview start url shortener\n', 90_000);
      const thinking = run.out.indexOf('(the interviewer is thinking...)');
      expect(thinking, run.out).toBeGreaterThan(run.out.indexOf('=== Mock interview'));
      expect(run.out.indexOf('Interviewer: What would you clarify before designing anything?')).toBeGreaterThan(thinking);
    } finally {
      await rm(own, { recursive: true, force: true });
    }
  }, 120_000);

  it('a server that accepts and never answers: /interview start gives up at the first-token timeout, and leaves no completed interview', async () => {
    openai.enqueue({ kind: 'hang' });
    const t = startMain({ DATA_DIR: dir, OPENAI_API_KEY: 'sk-x', OPENAI_BASE_URL: openai.baseUrl, OPENAI_FIRST_TOKEN_TIMEOUT_MS: '2000', OPENAI_MAX_RETRIES: '0' });
    await t.waitFor('Mock Interview Bot (terminal)');
    const sent = performance.now();
    t.write('/interview start url shortener\n');
    await t.waitFor('did not start answering within 2 s', 20_000);
    expect(performance.now() - sent).toBeLessThan(10_000);
    expect(t.output()).toContain('(OPENAI_BASE_URL, OPENAI_FIRST_TOKEN_TIMEOUT_MS)');
    t.process.stdin!.end('/interview history\n');
    await t.exited;
    expect(t.output()).toContain('no interviews yet');
    // Said as what it was: cancelled, not lumped with interviews nobody answered.
    expect(t.output()).toContain('1 interview cancelled because it could not start is not listed.');
    expect(t.output()).not.toMatch(/completed/);
  }, 60_000);
});

describe('quitting while an evaluation is being written', () => {
  let dir: string;
  let openai: OpenAiFake;
  // The scorer's reply: slow in the first run (the user will not wait for it), at once in the next.
  let scorerDelayMs = 120_000;
  const quote = 'Limit each client to 100 requests per minute per API key';
  const scored = {
    dimensions: RUBRIC.dimensions.map((d) => ({ dimension: d.id, score: 3, evidence: [quote], comment: `${d.label} was solid.` })),
    strengths: ['Clear limits.'],
    improvements: ['Estimate storage.'],
    summary: 'A reasonable design.',
  };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mib-skip-'));
    openai = await startOpenAiFake();
    openai.setResponder((req) =>
      req.body.response_format?.json_schema?.name === 'interview_evaluation'
        ? { kind: 'delay', ms: scorerDelayMs, then: { kind: 'json', value: scored } }
        : { kind: 'content', content: 'Good. What happens when that component fails?' },
    );
  });
  afterAll(async () => {
    await openai.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('Ctrl-C skips the countdown and exits at once, saying the evaluation comes at the next start, where it is shown', async () => {
    const env = { DATA_DIR: dir, OPENAI_API_KEY: 'sk-x', OPENAI_BASE_URL: openai.baseUrl, OPENAI_MAX_RETRIES: '0' };
    const t = startMain(env, { pty: true });
    try {
      // The first run sets up the database (10-20 s, more on a busy machine).
      await t.waitFor('> ', 90_000);
      for (const line of INTERVIEW.split('\n')) {
        const answers = t.output().split('Interviewer:').length;
        t.write(`${line}\r`);
        if (!line.startsWith('/interview end')) await until(() => t.output().split('Interviewer:').length > answers, 20_000, `a reply to ${line}`);
      }
      await t.waitFor("I'm writing the evaluation", 20_000);
      await until(() => openai.requests.some((r) => r.body?.response_format), 20_000, 'the scorer to be asked');
      t.write('/quit\r');
      await t.waitFor('Writing your evaluation...', 10_000);
      const sent = performance.now();
      t.write('\x03');
      const { code } = await t.exited;
      expect(performance.now() - sent, t.output()).toBeLessThan(5_000);
      expect(code).toBe(0);
      expect(t.output()).toContain('Skipped. Your evaluation is saved and will be written and shown here the next time you run npm start.');
      expect(t.output()).not.toContain('=== Evaluation');
    } finally {
      t.kill();
    }
    // The next start says so, writes it and shows it.
    scorerDelayMs = 3_000;
    const again = startMain(env, { pty: true });
    try {
      await again.waitFor('=== Evaluation', 60_000);
      expect(again.output()).toContain('Welcome back. The evaluation of your interview on Rate limiter is being written now; it will appear here.');
      expect(again.output()).toMatch(/Overall: \d+\/100/);
      again.write('/quit\r');
      expect((await again.exited).code).toBe(0);
    } finally {
      again.kill();
    }
  }, 240_000);
});
