import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const PLATFORM_SDKS = /from\s+['"](@slack\/[^'"]+|discord\.js|@discordjs\/[^'"]+)['"]|import\(\s*['"](@slack\/|discord\.js|@discordjs\/)/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('architecture', () => {
  it('the core in src/ never imports a platform SDK', () => {
    const offenders = sourceFiles(join(ROOT, 'src')).filter((file) => PLATFORM_SDKS.test(readFileSync(file, 'utf8')));
    expect(offenders.map((f) => relative(ROOT, f))).toEqual([]);
  });

  it('the core never imports from adapters/ (only the entry point src/main.ts wires them in)', () => {
    const offenders = sourceFiles(join(ROOT, 'src'))
      .filter((file) => relative(ROOT, file) !== 'src/main.ts')
      .filter((file) => /from\s+['"][./]*\/adapters\//.test(readFileSync(file, 'utf8')));
    expect(offenders.map((f) => relative(ROOT, f))).toEqual([]);
  });

  it('the detector catches an SDK import', () => {
    expect(PLATFORM_SDKS.test("import { App } from '@slack/bolt';")).toBe(true);
    expect(PLATFORM_SDKS.test("import { Client } from 'discord.js';")).toBe(true);
    expect(PLATFORM_SDKS.test("import { z } from 'zod';")).toBe(false);
  });

  it('only entry points (src/main.ts, src/cli/) touch the environment', () => {
    const readers = sourceFiles(join(ROOT, 'src'))
      .filter((file) => /process\.env/.test(readFileSync(file, 'utf8')))
      .map((f) => relative(ROOT, f));
    expect(readers.every((f) => f === 'src/main.ts' || f.startsWith('src/cli/'))).toBe(true);
  });
});
