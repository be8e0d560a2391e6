import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { ChatRouter } from '../../src/chat/chat-router.js';
import type { InboundCommand } from '../../src/chat/inbound.js';
import type { OutboundMessage } from '../../src/chat/outbound-message.js';
import type { SessionManager } from '../../src/session/session-manager.js';
import type { ConsoleChatPort } from './console-chat-port.js';
import { renderConsole } from './render-console.js';

export interface ConsoleOptions {
  input: Readable;
  output: Writable;
  /** A person at a terminal (prompt shown); false when input is piped from a file. */
  interactive: boolean;
  userId: string;
  displayName: string;
  /** How long to wait at the end of piped input for the evaluation to be posted. */
  evaluationTimeoutMs?: number;
}

const SCOPE = { platform: 'console', workspaceId: 'local', channelId: 'terminal' } as const;

/**
 * A terminal chat that behaves like an interview thread: `/interview ...` lines are commands,
 * anything else answers the interviewer. Piped input (`npm start < answers.txt`) runs line by
 * line and, at the end, waits for the evaluation so the whole interview prints in one go.
 */
export async function runConsole(router: ChatRouter, port: ConsoleChatPort, sessions: SessionManager, options: ConsoleOptions): Promise<void> {
  const user = { userId: options.userId, displayName: options.displayName };
  const owner = { platform: SCOPE.platform, workspaceId: SCOPE.workspaceId, userId: user.userId };
  const say = (message: OutboundMessage) => {
    const text = renderConsole(message);
    if (text) options.output.write(`${text}\n`);
  };
  const reply = async (message: OutboundMessage) => {
    say(message);
  };
  say({ kind: 'text', text: 'Mock Interview Bot (terminal). Type `/interview start [topic]` to begin, `/interview help` for commands, `/quit` to leave.' });

  const lines = createInterface({ input: options.input, output: options.interactive ? options.output : undefined, terminal: options.interactive });
  const prompt = () => options.interactive && lines.prompt();
  lines.setPrompt('> ');
  prompt();
  let count = 0;
  for await (const raw of lines) {
    const line = raw.trim();
    count += 1;
    if (line === '/quit' || line === '/exit') break;
    if (line) {
      if (line.startsWith('/interview')) {
        const command: InboundCommand = { ...SCOPE, user, text: line.slice('/interview'.length) };
        await router.handleCommand(command, reply);
      } else if (line.startsWith('/')) {
        say({ kind: 'notice', tone: 'warning', text: `Commands start with \`/interview\`; try \`/interview help\`.` });
      } else {
        const live = await sessions.getActiveSession(owner).catch(() => null);
        if (!live?.threadId) say({ kind: 'notice', tone: 'info', text: 'No interview is running. Start one with `/interview start [topic]`.' });
        else {
          const result = await router.handleThreadMessage({ ...SCOPE, threadId: live.threadId, user, text: line, messageId: `line-${Date.now()}-${count}` }, reply);
          // A terminal conversation takes turns: the reply is printed before the next prompt.
          if (result?.kind === 'answer' && result.recorded.pending) {
            await sessions.awaitReply(result.sessionId, owner, result.recorded.message.seq, 60_000).catch((error: unknown) => say({ kind: 'notice', tone: 'warning', text: (error as { userMessage?: string }).userMessage ?? 'The interviewer is slow to answer.' }));
          }
        }
      }
    }
    prompt();
  }
  lines.close();
  await awaitLastEvaluation(sessions, port, owner, options, say);
}

/** If the last interview ended but its card is not printed yet, wait for it (within reason). */
async function awaitLastEvaluation(
  sessions: SessionManager,
  port: ConsoleChatPort,
  owner: { platform: 'console'; workspaceId: string; userId: string },
  options: ConsoleOptions,
  say: (message: OutboundMessage) => void,
): Promise<void> {
  const [last] = (await sessions.listSessions({ owner, limit: 1 })).items;
  if (!last) return;
  if (last.status !== 'completed') {
    say({ kind: 'notice', tone: 'info', text: 'Your interview is still open; run `npm start` again to continue it.' });
    return;
  }
  if (port.evaluationsShown.has(last.id) || !last.startedAt) return;
  const deadline = Date.now() + (options.evaluationTimeoutMs ?? 120_000);
  await sessions.awaitEvaluation(last.id, owner, options.evaluationTimeoutMs ?? 120_000).catch(() => undefined);
  while (!port.evaluationsShown.has(last.id) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}
