import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

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
    await expect(run(TSX, ['src/cli/index.ts', 'frobnicate'], { cwd: ROOT, env })).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('Unknown command: frobnicate') });
  });
});
