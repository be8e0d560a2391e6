import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
// The CLI as a user runs it, with no OpenAI key: the offline scorer.
const env = { ...process.env, OPENAI_API_KEY: '', LOG_LEVEL: 'silent' };

describe('npm run cli', () => {
  it('evaluate FILE prints the evaluation as JSON', async () => {
    const file = join(ROOT, 'test', 'fixtures', 'quality', 'url-shortener', 'strong.json');
    const { stdout } = await run(TSX, ['src/cli/index.ts', 'evaluate', file], { cwd: ROOT, env });
    const report = JSON.parse(stdout) as { topic: string; scorer: string; status: string; overallScore: number; dimensions: unknown[] };
    expect(report).toMatchObject({ topic: 'URL shortener', scorer: 'offline', status: 'completed' });
    expect(report.overallScore).toBeGreaterThanOrEqual(65);
    expect(report.dimensions).toHaveLength(7);
  });

  it('topics lists the catalog', async () => {
    const { stdout } = await run(TSX, ['src/cli/index.ts', 'topics'], { cwd: ROOT, env });
    expect(stdout).toMatch(/^url-shortener\s+URL shortener/m);
    expect(stdout.trim().split('\n').length).toBeGreaterThanOrEqual(12);
  });

  it('quality prints the table of labeled transcripts and the checks, all passing', async () => {
    const { stdout } = await run(TSX, ['src/cli/index.ts', 'quality'], { cwd: ROOT, env });
    expect(stdout).toMatch(/^url-shortener\/strong\s+strong\s+\d+\s+(Strong hire|Hire)/m);
    expect(stdout).toMatch(/^url-shortener\/keyword-stuffer\s+keyword-stuffer\s+\d+\s+(Lean no hire|No hire)/m);
    expect(stdout).toContain('simulated interviews');
    expect(stdout).toMatch(/^\d+ checks passed, 0 failed$/m);
  });

  it('fails with a clear message for a missing file or an unknown command', async () => {
    await expect(run(TSX, ['src/cli/index.ts', 'evaluate', '/nonexistent.json'], { cwd: ROOT, env })).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('/nonexistent.json does not exist') });
    await expect(run(TSX, ['src/cli/index.ts', 'frobnicate'], { cwd: ROOT, env })).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('Unknown command: frobnicate') });
  });
});

describe('npm run cli: usage and errors', () => {
  const cli = (args: string[]) => run(TSX, ['src/cli/index.ts', ...args], { cwd: ROOT, env });
  /** The exit status and stderr of a run that must fail. */
  const failure = async (args: string[]) => {
    const error = await cli(args).then(
      () => undefined,
      (e: unknown) => e as { code: number; stdout: string; stderr: string },
    );
    expect(error, `cli ${args.join(' ')} should fail`).toBeDefined();
    return error!;
  };
  const errorLines = (stderr: string) => stderr.trimEnd().split('\n');

  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cli-test-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const transcript = async (name: string, text: string) => {
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  };

  it('help, --help, -h and no command list the commands with their usage and exit 0', async () => {
    const outputs = await Promise.all([['help'], ['--help'], ['-h'], []].map((args) => cli(args)));
    for (const { stdout, stderr } of outputs) {
      expect(stderr).toBe('');
      expect(stdout).toContain('Usage: npm run cli -- <command>');
      for (const usage of ['evaluate FILE', 'quality [DIR]', 'topics', 'migrate']) expect(stdout).toMatch(new RegExp(`^  ${usage.replace(/[[\]]/g, '\\$&')}\\s`, 'm'));
    }
  }, 60_000);

  it('a usage error prints one line and the usage on stderr and exits 2', async () => {
    const [unknown, noFile, extra] = await Promise.all([failure(['frobnicate']), failure(['evaluate']), failure(['topics', 'extra'])]);
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(errorLines(unknown.stderr)[0]).toBe('Unknown command: frobnicate');
    expect(unknown.stderr).toContain('evaluate FILE');
    expect(noFile).toMatchObject({ code: 2, stdout: '' });
    expect(errorLines(noFile.stderr)).toEqual(['evaluate needs a transcript FILE', 'Usage: npm run cli -- evaluate FILE']);
    expect(extra).toMatchObject({ code: 2 });
    expect(errorLines(extra.stderr)).toEqual(['topics: too many arguments (extra)', 'Usage: npm run cli -- topics']);
  });

  it('a bad transcript file exits 1 with one line naming the file and the problem', async () => {
    const empty = await transcript('empty.json', '');
    // Line 3 has a single-quoted string at column 49: Node 20 reports "Unexpected token" without a position.
    const quoted = await transcript('quoted.json', '{\n  "topic": "url-shortener",\n  "messages": [{"role": "candidate", "content": \'hi\'}]\n}\n');
    // A missing comma: Node 20 reports the position of "messages", line 3 column 3.
    const comma = await transcript('comma.json', '{\n  "topic": "url-shortener"\n  "messages": []\n}\n');
    const bot = await transcript(
      'bot.json',
      JSON.stringify({ topic: 'url-shortener', messages: [{ role: 'interviewer', content: 'Design a URL shortener.' }, { role: 'bot', content: 'Hello' }] }),
    );
    const noTopic = await transcript('no-topic.json', JSON.stringify({ messages: [] }));
    const unknownTopic = await transcript('unknown-topic.json', JSON.stringify({ topic: 'quantum teleporter', messages: [{ role: 'candidate', content: 'hi' }] }));
    const missing = join(dir, 'missing.json');
    const cases: [string, string][] = [
      [empty, `${empty} is empty`],
      [quoted, `${quoted} is not JSON: unexpected token at line 3 column 49`],
      [comma, `${comma} is not JSON: expected ',' or '}' after property value at line 3 column 3`],
      [bot, `${bot}: message 2: role must be "interviewer" or "candidate"`],
      [noTopic, `${noTopic}: missing "topic"; "messages" must be a non-empty list`],
      [missing, `${missing} does not exist`],
    ];
    const failures = await Promise.all(cases.map(([file]) => failure(['evaluate', file])));
    failures.forEach((result, i) => {
      expect(result).toMatchObject({ code: 1, stdout: '' });
      expect(errorLines(result.stderr)).toEqual([cases[i]![1]]);
    });
    const topic = await failure(['evaluate', unknownTopic]);
    expect(topic.code).toBe(1);
    expect(errorLines(topic.stderr)).toHaveLength(1);
    expect(topic.stderr).toMatch(new RegExp(`^${unknownTopic.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: unknown topic "quantum teleporter"; try one of: `));
  }, 60_000);
});
