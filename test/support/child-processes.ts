import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { until } from './queue-backends.js';

const ROOT = join(import.meta.dirname, '..', '..');

export interface Child {
  name: string;
  process: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

/**
 * Test processes (test/support/bot-process.ts, worker-process.ts) started as production runs
 * them: node itself (not the tsx wrapper, so SIGKILL reaches the process doing the work), with
 * the environment every child of a test shares plus its own.
 */
export class ChildProcesses {
  readonly children: Child[] = [];

  constructor(private readonly baseEnv: () => Record<string, string>) {}

  /** `nice`: run at a lower CPU priority (a process that would run on other machines in a deployment). */
  spawn(name: string, script: string, env: Record<string, string>, options: { nice?: number } = {}): Child {
    let output = '';
    // `nice` execs node in its place, so the pid (and a SIGKILL) is still the process doing the work.
    const [command, args] = options.nice ? ['nice', ['-n', String(options.nice), process.execPath, '--import', 'tsx', script]] : [process.execPath, ['--import', 'tsx', script]];
    const child = spawn(command as string, args as string[], {
      cwd: ROOT,
      env: { ...process.env, ...this.baseEnv(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk) => (output += String(chunk)));
    child.stderr!.on('data', (chunk) => (output += String(chunk)));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const started: Child = { name, process: child, output: () => output, exited };
    this.children.push(started);
    return started;
  }

  /** Waits until the child prints `what`; fails with what it printed if it exits first. */
  async waitFor(child: Child, what: RegExp | string, timeoutMs = 30_000): Promise<void> {
    const seen = () => (typeof what === 'string' ? child.output().includes(what) : what.test(child.output()));
    await until(() => seen() || child.process.exitCode !== null, timeoutMs, `${child.name} to say ${what}`).catch((error: Error) => {
      throw new Error(`${error.message}; it said:\n${child.output()}`);
    });
    if (!seen()) throw new Error(`${child.name} exited (${child.process.exitCode}) before saying ${what}:\n${child.output()}`);
  }

  /** A Slack bot (role 'bot') listening on an ephemeral port; resolves with its events URL. */
  async startBot(env: Record<string, string> = {}): Promise<Child & { url: string }> {
    const child = this.spawn(`bot ${env.CRASH_STAGE || '(clean)'}`, 'test/support/bot-process.ts', env);
    await this.waitFor(child, /listening \d+/);
    const port = /listening (\d+)/.exec(child.output())![1];
    return { ...child, url: `http://127.0.0.1:${port}/slack/events` };
  }

  /** A queue worker (role 'worker'), ready. */
  async startWorker(env: Record<string, string> = {}, options: { nice?: number } = {}): Promise<Child> {
    const child = this.spawn(`worker ${env.CRASH_STAGE ?? ''}`, 'test/support/worker-process.ts', { SINK_URL: 'http://127.0.0.1:9', ...env }, options);
    await this.waitFor(child, 'ready');
    return child;
  }

  async kill(child: Child): Promise<void> {
    if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
    await child.exited;
  }

  /** A clean shutdown, as a deploy would do it (SIGKILL if it takes too long). */
  async stop(child: Child): Promise<void> {
    if (child.process.exitCode !== null || child.process.signalCode !== null) return;
    child.process.kill('SIGTERM');
    const timer = setTimeout(() => child.process.kill('SIGKILL'), 10_000);
    await child.exited;
    clearTimeout(timer);
  }

  async killAll(): Promise<void> {
    for (const child of this.children) await this.kill(child);
  }
}
