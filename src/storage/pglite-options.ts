import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';

/**
 * How the embedded database is started (issue 13: keep the embedded default light). WebAssembly
 * memory only ever grows, so whatever Postgres touches once stays resident for the process's life.
 * Measured with bench/embedded-memory.ts (a process with the bot's modules loaded and 1,000 live
 * sessions of 6 messages each, median of 3 runs): 875 -> 228 MB resident on a first run, 456 ->
 * 264 MB on a restart. What mattered:
 *  - initdb (~420 MB of the first run): PGlite runs it in two more WebAssembly instances (a second
 *    Postgres and initdb itself). Closing the instance and opening the folder again in the same
 *    process does not give it back: the process stays ~100 MB above one that never ran initdb. So a
 *    new folder is initialised by a short-lived child process (initDataDirApart), and the
 *    long-lived process only ever resumes an existing folder.
 *  - shared_buffers (~130 MB): initdb leaves Postgres's 128MB, allocated and zeroed at start (the
 *    WebAssembly memory grows to 184 MB, 148 MB of it resident). With 8MB it stays at the module's
 *    declared minimum of 128 MB, 20 MB of it resident; the rows and indexes of 1,000 live sessions
 *    (a few MB) mostly fit, the rest comes from the OS's file cache (the bench is no slower).
 *  - V8's optimizing compiler (~70 MB): by default V8 recompiles Postgres's hot functions with
 *    TurboFan in the background and keeps that memory (a restart: 332 MB with it, 264 without).
 *    Liftoff's code (the baseline compiler) runs the bot's short statements no slower (the
 *    bench's writes and reads take as long; on 2 cores TurboFan's compiling competes with them);
 *    CPU-heavy queries are ~1.5x slower (a sort of 200,000 rows: 230 ms vs 150 ms), which the
 *    bot does not run.
 * What did not: `initialMemory` (the WebAssembly module declares 128 MB as its minimum, PGlite
 * refuses less, and untouched pages are not resident anyway); max_connections and the other
 * shared-memory settings (2-3 MB together); `relaxedDurability` (it only defers the sync of the
 * browser file systems: the Node one writes through).
 */
export const EMBEDDED_OPTIONS: Readonly<PGliteOptions> = { startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=8MB'] };

let compilerChosen = false;

/**
 * WebAssembly compiled from now on stays on V8's baseline compiler (see above): call before the
 * first PGlite is created. A V8 setting, so it holds for the whole process (the other WebAssembly
 * in it, undici's HTTP parser and Node's CommonJS lexer, is small and does not care); skipped when
 * the process was started with a WebAssembly compiler flag of its own.
 */
export function keepWasmOnBaselineCompiler(): void {
  if (compilerChosen) return;
  compilerChosen = true;
  // Command-line flags only: the environment is read by the entry points alone (config.ts).
  if (process.execArgv.some((arg) => /wasm|liftoff|turbofan/i.test(arg))) return;
  // Both: without dynamic tiering but with tier-up, V8 would tier up every function eagerly.
  v8.setFlagsFromString('--no-wasm-tier-up');
  v8.setFlagsFromString('--no-wasm-dynamic-tiering');
}

/** True when the folder holds no database yet (the same test as the first-run notice in main.ts). */
export function needsInitDb(dataDir: string): boolean {
  return !existsSync(join(dataDir, 'PG_VERSION'));
}

// Runs in the child: creating PGlite on an empty folder runs initdb there; closing flushes it.
const INITDB_SCRIPT = `
const [url, dataDir, options] = process.argv.slice(1);
try {
  const { PGlite } = await import(url);
  const pg = await PGlite.create(dataDir, JSON.parse(options));
  await pg.close();
} catch (error) {
  process.stderr.write(String(error?.message ?? error));
  process.exit(1);
}
`;

/**
 * initdb in a separate Node process, which exits when done: the memory initdb takes is given back
 * to the system and this process then only resumes the folder. Plain Node runs the child (no tsx,
 * no test runner): it loads PGlite's own build, resolved from here.
 */
export async function initDataDirApart(dataDir: string, options: Readonly<PGliteOptions> = EMBEDDED_OPTIONS): Promise<void> {
  const url = pathToFileURL(createRequire(import.meta.url).resolve('@electric-sql/pglite')).href;
  const child = spawn(process.execPath, ['--input-type=module', '-e', INITDB_SCRIPT, url, dataDir, JSON.stringify(options)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4_000);
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (exitCode, signal) => resolve(signal ? null : exitCode));
  });
  if (code !== 0 || needsInitDb(dataDir)) {
    throw new Error(`Could not set up the local database in ${dataDir} (initdb ${code === null ? 'was killed' : `exited with ${code}`})${stderr.trim() ? `: ${stderr.trim()}` : ''}`);
  }
}
