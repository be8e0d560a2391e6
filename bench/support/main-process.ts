// `npm start` as deployed (the compiled dist/src/main.js), for benchmarks that measure a whole
// process: resident memory, time to a healthy /healthz. Logs go to a file, printed on failure.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../../test/support/free-port.js';

const ROOT = join(import.meta.dirname, '..', '..');
/** `npm start`'s node flags (heap limits), so what is measured is what users run. */
const START_FLAGS = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start
  .split(/\s+/)
  .filter((word) => word.startsWith('--'));

export interface MainProcess {
  child: ChildProcess;
  port: number;
  url: string;
  /** Milliseconds from spawn to the first 200 from /healthz. */
  healthyAfterMs: number;
  rssMb(): number;
  logTail(): string;
  stop(): Promise<void>;
}

/** Resident set size of a process, from /proc (Linux). */
export function rssMbOf(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}

/** Starts dist/src/main.js as `npm start` does, with `env` on top of a bare environment (nothing else configured). */
export async function startMain(env: Record<string, string>, role: 'all' | 'bot' | 'worker' = 'all', timeoutMs = 120_000): Promise<MainProcess> {
  const port = await freePort();
  const logPath = join(tmpdir(), `mib-bench-${process.pid}-${port}.log`);
  const log = openSync(logPath, 'w');
  const bare = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), LOG_LEVEL: 'warn' };
  const started = performance.now();
  const child = spawn(process.execPath, [...START_FLAGS, 'dist/src/main.js', `--role=${role}`], { cwd: ROOT, env: { ...bare, PORT: String(port), ...env }, stdio: ['ignore', log, log] });
  closeSync(log);
  const url = `http://127.0.0.1:${port}`;
  const logTail = () => readFileSync(logPath, 'utf8').slice(-3_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`dist/src/main.js exited (${child.exitCode}) before /healthz answered:\n${logTail()}`);
    if (performance.now() - started > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`/healthz did not answer within ${timeoutMs} ms:\n${logTail()}`);
    }
    const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    await sleep(20);
  }
  const healthyAfterMs = performance.now() - started;
  return {
    child,
    port,
    url,
    healthyAfterMs,
    rssMb: () => rssMbOf(child.pid!),
    logTail,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
