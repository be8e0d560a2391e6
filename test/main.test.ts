import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startMain } from './support/terminal-process.js';

const HEAVY = ['@slack/bolt', '@slack/web-api', 'discord.js', 'openai', 'bullmq', 'ioredis', '@electric-sql/pglite'];

/** `npm start` (compiled) with `env`, reading `/interview topics` then end of input: the packages it loaded. */
async function packagesLoaded(env: Record<string, string>): Promise<string[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'mib-main-'));
  try {
    const t = startMain({ DATA_DIR: dataDir, ...env }, { nodeArgs: ['--import', './test/support/record-imports.js'] });
    t.process.stdin!.end('/interview topics\n');
    const { code } = await t.exited;
    expect(code, t.stderr()).toBe(0);
    expect(t.output()).toContain('url-shortener');
    const line = /loaded-packages: (.*)/.exec(t.stderr())?.[1];
    expect(line, t.stderr()).toBeDefined();
    return line!.split(',');
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

describe('npm start loads only what is configured', () => {
  it('with nothing set: PGlite and the console, no platform SDK, OpenAI client, BullMQ or Redis client', async () => {
    const loaded = await packagesLoaded({});
    expect(loaded).toContain('@electric-sql/pglite');
    expect(loaded.filter((p) => HEAVY.includes(p) && p !== '@electric-sql/pglite')).toEqual([]);
  }, 60_000);

  it.skipIf(!process.env.DATABASE_URL)('on Postgres: not PGlite either', async () => {
    const loaded = await packagesLoaded({ DATABASE_URL: process.env.DATABASE_URL! });
    expect(loaded).toContain('pg');
    expect(loaded.filter((p) => HEAVY.includes(p))).toEqual([]);
  }, 60_000);
});
