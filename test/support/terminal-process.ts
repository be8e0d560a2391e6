import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { until } from './queue-backends.js';

const ROOT = join(import.meta.dirname, '..', '..');
// `npm start` with nothing configured: the console, PGlite, the in-process queue, no OpenAI.
const BARE = { DATABASE_URL: '', REDIS_URL: '', OPENAI_API_KEY: '', SLACK_BOT_TOKEN: '', DISCORD_TOKEN: '', LOG_LEVEL: 'info' };

export interface Terminal {
  process: ChildProcess;
  output(): string;
  stderr(): string;
  write(text: string): void;
  waitFor(what: RegExp | string, timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code and how long after `since` (default: start) the process ended. */
  exited: Promise<{ code: number | null; ms: number }>;
  kill(): void;
}

/**
 * `npm start` as a user runs it (the compiled dist/src/main.js): piped (stdin from the test) or
 * at a terminal (a pseudo-terminal from util-linux `script`, so stdin is a TTY and readline runs
 * in terminal mode). `nodeArgs` go before the script (a module hook, say).
 */
export function startMain(env: Record<string, string>, options: { pty?: boolean; nodeArgs?: string[] } = {}): Terminal {
  const node = [process.execPath, ...(options.nodeArgs ?? []), 'dist/src/main.js'];
  const [command, args] = options.pty ? ['script', ['-qfec', node.join(' '), '/dev/null']] : [node[0]!, node.slice(1)];
  const child = spawn(command as string, args as string[], { cwd: ROOT, env: { ...process.env, ...BARE, ...env }, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  const started = performance.now();
  let out = '';
  let err = '';
  child.stdout!.on('data', (c) => (out += String(c)));
  child.stderr!.on('data', (c) => (err += String(c)));
  const exited = new Promise<{ code: number | null; ms: number }>((resolve) => child.once('exit', (code) => resolve({ code, ms: performance.now() - started })));
  return {
    process: child,
    output: () => out,
    stderr: () => err,
    write: (text) => child.stdin!.write(text),
    waitFor: (what, timeoutMs = 30_000) =>
      until(() => (typeof what === 'string' ? out.includes(what) : what.test(out)) || child.exitCode !== null, timeoutMs, `terminal to show ${what}`).then(() => {
        if (!(typeof what === 'string' ? out.includes(what) : what.test(out))) throw new Error(`exited (${child.exitCode}) before showing ${what}:\n${out}\n${err}`);
      }),
    exited,
    kill: () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    },
  };
}

/** A piped run: all of `input`, then end of input; resolves when the process exits. */
export async function runPiped(env: Record<string, string>, input: string, timeoutMs = 60_000): Promise<{ code: number | null; ms: number; out: string; err: string }> {
  const t = startMain(env);
  t.process.stdin!.end(input);
  const timer = setTimeout(() => t.kill(), timeoutMs);
  const { code, ms } = await t.exited;
  clearTimeout(timer);
  return { code, ms, out: t.output(), err: t.stderr() };
}
