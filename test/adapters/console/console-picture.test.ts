import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleChatPort } from '../../../adapters/console/console-chat-port.js';
import { decodePng, pngSize } from '../../support/png.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const target = { platform: 'console' as const, workspaceId: 'local', channelId: 'terminal', threadId: 't1' };

describe('console: pictures', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'mib-console-pic-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('writes bytes to a file under the folder it was given and prints one line saying where; text is printed; a repeat with the same key writes nothing more', async () => {
    const output = new PassThrough();
    let printed = '';
    output.on('data', (c) => (printed += String(c)));
    const port = new ConsoleChatPort(output, { filesDir: join(dataDir, 'unit') });
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    expect(await port.uploadFile(target, { name: 's1-dimensions.png', content: png, title: 'Scores by dimension', mimeType: 'image/png' }, { idempotencyKey: 'k1' })).toEqual({ status: 'uploaded' });
    const path = join(dataDir, 'unit', 's1-dimensions.png');
    expect(readFileSync(path).equals(png)).toBe(true);
    const shown = relative(process.cwd(), path);
    expect(printed).toBe(`[Scores by dimension] saved to ${shown.startsWith('..') ? path : shown}\n`);
    expect(await port.uploadFile(target, { name: 's1-dimensions.png', content: png }, { idempotencyKey: 'k1' })).toEqual({ status: 'already-there' });
    expect(printed.split('\n').filter(Boolean)).toHaveLength(1);
    await port.uploadFile(target, { name: 'transcript.txt', content: 'hello' });
    expect(printed).toContain('--- transcript.txt ---\nhello');
    // A name cannot leave the folder.
    await port.uploadFile(target, { name: '../../escape.png', content: png });
    expect(existsSync(join(dataDir, 'unit', '.._.._escape.png'))).toBe(true);
  });

  it('npm start with piped input: the evaluation is followed by the chart, written under DATA_DIR/charts', async () => {
    const answers = [
      '/interview start rate limiter 30',
      'Limit each client to 100 requests per minute per API key; return 429 with Retry-After. It must add little latency and stay available.',
      'Peak is about 1M requests per second across 10k clients, so the counters fit in a few GB of Redis memory.',
      'A middleware calls allow(clientId, endpoint); rules live in a table keyed by client and endpoint.',
      'A token bucket per key in Redis, refilled lazily, updated atomically in a Lua script so concurrent requests cannot race.',
      '/interview end',
    ];
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', REDIS_URL: '', OPENAI_API_KEY: '', SLACK_BOT_TOKEN: '', DISCORD_TOKEN: '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c) => (out += String(c)));
    child.stderr.on('data', (c) => (out += String(c)));
    child.stdin.end(`${answers.join('\n')}\n`);
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code, out).toBe(0);
    expect(out).toMatch(/Overall: \d{1,3}\/100/);
    const line = /^\[Scores by dimension: Rate limiter\] saved to (.+-dimensions\.png)$/m.exec(out);
    expect(line, out).not.toBeNull();
    const file = line![1]!;
    expect(file.startsWith(join(dataDir, 'charts'))).toBe(true);
    expect(out.indexOf('Overall:')).toBeLessThan(out.indexOf(file));
    const bytes = readFileSync(file);
    expect(pngSize(bytes)).toEqual({ width: 1200, height: 693 });
    expect(decodePng(bytes).width).toBe(1200);
  }, 60_000);
});
