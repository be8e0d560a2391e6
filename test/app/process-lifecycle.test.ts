import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { until } from '../support/queue-backends.js';

const ROOT = join(import.meta.dirname, '..', '..');

const variants = [
  { name: 'embedded (PGlite, in-process queue)', env: { DATABASE_URL: '', REDIS_URL: '' } },
  ...(process.env.REDIS_URL ? [{ name: 'BullMQ on Redis', env: { DATABASE_URL: '', REDIS_URL: process.env.REDIS_URL, QUEUE_PREFIX: `proc-${process.pid}` } }] : []),
];

describe.each(variants)('the worker process: $name', ({ env }) => {
  it.each(['SIGTERM', 'SIGINT'] as const)('shuts down cleanly on %s with exit code 0', async (signal) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'mib-proc-'));
    try {
      let output = '';
      const child = spawn(process.execPath, ['dist/src/main.js', '--role=worker'], {
        cwd: ROOT,
        env: { ...process.env, ...env, PORT: '0', DATA_DIR: dataDir, OPENAI_API_KEY: '', SLACK_BOT_TOKEN: '', DISCORD_TOKEN: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout.on('data', (chunk) => (output += String(chunk)));
      child.stderr.on('data', (chunk) => (output += String(chunk)));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      await until(() => output.includes('Application composed'), 30_000, 'start-up').catch((error: Error) => {
        child.kill('SIGKILL');
        throw new Error(`${error.message}: ${output}`);
      });
      expect(output).toMatch(/"role":"worker","workers":true/);
      const signalledAt = Date.now();
      child.kill(signal);
      expect(await exited, output.slice(-3000)).toBe(0);
      expect(Date.now() - signalledAt).toBeLessThan(10_000);
      expect(output).toContain('Shutting down');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
