import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConsole } from '../../../adapters/console/console-adapter.js';
import { ConsoleChatPort } from '../../../adapters/console/console-chat-port.js';
import { composeApp, type App } from '../../../src/app/composition-root.js';
import { ChatPorts } from '../../../src/chat/chat-port.js';
import { loadConfig } from '../../../src/config/config.js';
import { memoryLogger } from '../../support/memory-log.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const ANSWERS = [
  '/interview start rate limiter 30',
  'Limit each client to 100 requests per minute per API key; return 429 with Retry-After. It must add little latency and stay available.',
  'Peak is about 1M requests per second across 10k clients, so the counters fit in a few GB of Redis memory.',
  'A middleware calls allow(clientId, endpoint); rules live in a table keyed by client and endpoint.',
  'A token bucket per key in Redis, refilled lazily, updated atomically in a Lua script so concurrent requests cannot race.',
  'If Redis is down we fail open so users are not blocked; replicas give failover, at the cost of a short burst getting through.',
  '/interview end',
];

describe('console adapter: npm start with piped input', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'mib-console-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('runs a whole interview on PGlite and the in-process queue and prints the evaluation', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', REDIS_URL: '', OPENAI_API_KEY: '', SLACK_BOT_TOKEN: '', DISCORD_TOKEN: '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c) => (out += String(c)));
    child.stderr.on('data', (c) => (out += String(c)));
    child.stdin.end(`${ANSWERS.join('\n')}\n`);
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code, out).toBe(0);
    expect(out).toContain('=== Mock interview:');
    expect(out).toContain('Rate limiter');
    expect(out.match(/^Interviewer: /gm)!.length).toBe(6);
    expect(out).toMatch(/Overall: \d{1,3}\/100 \((Strong hire|Hire|Lean no hire|No hire)\)/);
    expect(out).toContain('What to improve:');
    // Logs went to the file, not into the conversation.
    expect(out).not.toContain('"level"');
  }, 60_000);
});

describe('console adapter: the conversation loop', () => {
  let app: App;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mib-console-loop-'));
  });
  afterAll(async () => {
    await app?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('explains what to do with answers outside an interview and with unknown commands, and stops at /quit', async () => {
    const output = new PassThrough();
    let printed = '';
    output.on('data', (c) => (printed += String(c)));
    const port = new ConsoleChatPort(output);
    const chat = new ChatPorts().register('console', port);
    app = await composeApp(loadConfig({ DATA_DIR: dir }), memoryLogger().logger, { chat });
    const { router } = app;
    const input = new PassThrough();
    input.end('hello there\n/dance\n/interview bogus\n/quit\n/interview start\n');
    await runConsole(router, port, app.sessions, { input, output, interactive: false, userId: 'tester', displayName: 'Tester' });
    expect(printed).toContain('No interview is running');
    expect(printed).toContain('Commands start with /interview');
    expect(printed).toContain("I don't know bogus.");
    // Nothing after /quit ran.
    expect(printed).not.toContain('=== Mock interview');
  });
});
