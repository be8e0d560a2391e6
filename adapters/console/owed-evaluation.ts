import type { Writable } from 'node:stream';
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
  options: { since: number; interactive: boolean; output: Writable; timeoutMs: number },
): Promise<void> {
  const [last] = (await sessions.listSessions({ owner, limit: 1 }).catch(() => ({ items: [] }))).items;
  if (!last) return;
  if (last.status !== 'completed') {
    options.output.write('Your interview is still open; run `npm start` again to continue it.\n'.replace(/`/g, ''));
    return;
  }
  const endedHere = last.endedAt !== null && last.endedAt.getTime() >= options.since;
  if (!endedHere || !last.startedAt || port.evaluationsShown.has(last.id)) return;
  const deadline = Date.now() + options.timeoutMs;
  const tick = options.interactive
    ? setInterval(() => options.output.write(`\rWriting your evaluation... ${Math.max(0, Math.ceil((deadline - Date.now()) / 1000))} s (Ctrl-C to skip) `), 1_000)
    : null;
  if (!options.interactive) options.output.write(`Writing your evaluation (up to ${Math.round(options.timeoutMs / 1000)} s)...\n`);
  try {
    await sessions.awaitEvaluation(last.id, owner, options.timeoutMs).catch(() => undefined);
    while (!port.evaluationsShown.has(last.id) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  } finally {
    if (tick) {
      clearInterval(tick);
      options.output.write('\r\x1b[K');
    }
  }
  if (!port.evaluationsShown.has(last.id)) options.output.write('The evaluation is not ready yet; it will be in `/interview history` when it is.\n'.replace(/`/g, ''));
}
