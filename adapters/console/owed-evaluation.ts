import type { Readable, Writable } from 'node:stream';
import type { SessionManager } from '../../src/session/session-manager.js';
import type { ConsoleChatPort } from './console-chat-port.js';

/**
 * At the end of a terminal run: if an interview ended in this run and its evaluation is not
 * printed yet, wait for it (a countdown at a terminal, where Ctrl-C skips it). Anything ended in
 * an earlier run was printed then, or is waiting in `/interview history`: quitting is immediate.
 */
export async function awaitOwedEvaluation(
  sessions: SessionManager,
  port: ConsoleChatPort,
  owner: { platform: 'console'; workspaceId: string; userId: string },
  options: { since: number; interactive: boolean; output: Writable; timeoutMs: number; input?: Readable },
): Promise<'none' | 'shown' | 'skipped' | 'late'> {
  const [last] = (await sessions.listSessions({ owner, limit: 1 }).catch(() => ({ items: [] }))).items;
  if (!last) return 'none';
  if (last.status !== 'completed') {
    options.output.write('Your interview is still open; run `npm start` again to continue it.\n'.replace(/`/g, ''));
    return 'none';
  }
  const endedHere = last.endedAt !== null && last.endedAt.getTime() >= options.since;
  if (!endedHere || !last.startedAt || port.evaluationsShown.has(last.id)) return 'none';
  const deadline = Date.now() + options.timeoutMs;
  const tick = options.interactive
    ? setInterval(() => options.output.write(`\rWriting your evaluation... ${Math.max(0, Math.ceil((deadline - Date.now()) / 1000))} s (Ctrl-C or /quit to skip) `), 1_000)
    : null;
  if (!options.interactive) options.output.write(`Writing your evaluation (up to ${Math.round(options.timeoutMs / 1000)} s)...\n`);
  const skip = skipRequests(options.interactive ? options.input : undefined);
  let skipped = false;
  try {
    const shown = (async () => {
      await sessions.awaitEvaluation(last.id, owner, options.timeoutMs).catch(() => undefined);
      while (!port.evaluationsShown.has(last.id) && Date.now() < deadline && !skipped) await new Promise((r) => setTimeout(r, 50));
    })();
    skipped = (await Promise.race([shown.then(() => false), skip.requested])) && !port.evaluationsShown.has(last.id);
  } finally {
    skip.stop();
    if (tick) {
      clearInterval(tick);
      options.output.write('\r\x1b[K');
    }
  }
  if (port.evaluationsShown.has(last.id)) return 'shown';
  // True of both queues: the evaluation is recorded with the interview (an outbox row and a
  // pending report), and a job cut short is run again at the next start (composition-root).
  if (skipped) {
    options.output.write('Skipped. Your evaluation is saved and will be written and shown here the next time you run npm start.\n');
    return 'skipped';
  }
  options.output.write('The evaluation is not ready yet; it will be in `/interview history` when it is.\n'.replace(/`/g, ''));
  return 'late';
}

/**
 * Ctrl-C, Ctrl-D or `/quit` while the countdown runs. The chat's readline is closed by then, so
 * at a terminal the keys are read raw here; a SIGINT (piped input, or `kill -INT`) counts too.
 */
function skipRequests(input: Readable | undefined): { requested: Promise<true>; stop(): void } {
  const tty = input as (Readable & { isTTY?: boolean; setRawMode?(raw: boolean): void }) | undefined;
  const raw = Boolean(tty?.isTTY && tty.setRawMode);
  let typed = '';
  let done: (value: true) => void = () => undefined;
  const requested = new Promise<true>((resolve) => (done = resolve));
  const onSignal = () => done(true);
  const onData = (chunk: Buffer | string) => {
    typed = (typed + String(chunk)).slice(-64);
    if (typed.includes('\u0003') || typed.includes('\u0004') || /\/(quit|exit)\s*[\r\n]/.test(typed)) done(true);
  };
  process.on('SIGINT', onSignal);
  if (raw) {
    tty!.setRawMode!(true);
    tty!.on('data', onData);
    tty!.resume();
  }
  return {
    requested,
    stop() {
      process.off('SIGINT', onSignal);
      if (raw) {
        tty!.off('data', onData);
        tty!.setRawMode!(false);
        tty!.pause();
      }
    },
  };
}
