import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { ChatRouter } from '../../src/chat/chat-router.js';
import type { InboundCommand } from '../../src/chat/inbound.js';
import type { OutboundMessage } from '../../src/chat/outbound-message.js';
import { statsChart } from '../../src/progress/stats-chart.js';
import type { SessionManager } from '../../src/session/session-manager.js';
import type { ConsoleChatPort } from './console-chat-port.js';
import { awaitOwedEvaluation } from './owed-evaluation.js';
import { welcomeBack } from './welcome-back.js';
import { askProfile } from './console-profile.js';
import type { ProfileForm } from '../../src/profiles/profile.js';

export interface ConsoleOptions {
  input: Readable;
  output: Writable;
  /** A person at a terminal (prompt shown); false when input is piped from a file. */
  interactive: boolean;
  userId: string;
  displayName: string;
  /** How long to wait at the end for an evaluation of an interview ended in this run. */
  evaluationTimeoutMs?: number;
}

export const CONSOLE_SCOPE = { platform: 'console', workspaceId: 'local', channelId: 'terminal' } as const;

/**
 * A terminal chat that behaves like an interview thread: `/interview ...` lines are commands,
 * anything else answers the interviewer. Interactive, output that arrives later (the evaluation,
 * a timer notice) redraws the prompt and Ctrl-C leaves at once; piped (`npm start < answers.txt`),
 * each answer is echoed so the output reads as a transcript. At the end it waits only for the
 * evaluation of an interview ended in this run, with a countdown that Ctrl-C skips.
 */
/** How the run ended: `skipped` when the user skipped the wait for an evaluation still being written. */
export async function runConsole(router: ChatRouter, port: ConsoleChatPort, sessions: SessionManager, options: ConsoleOptions): Promise<'none' | 'shown' | 'skipped' | 'late'> {
  const startedAt = Date.now();
  const user = { userId: options.userId, displayName: options.displayName };
  const owner = { platform: CONSOLE_SCOPE.platform, workspaceId: CONSOLE_SCOPE.workspaceId, userId: user.userId };
  const say = (message: OutboundMessage) => port.printNow(message);
  // `stats` is followed by its chart, written under the data folder with a line saying where.
  const reply = async (message: OutboundMessage): Promise<void> => {
    // `/interview profile`: the fields are asked one line each, then saved (console-profile.ts).
    if (message.kind === 'profile-form') return profilePrompts(message.form);
    say(message);
    const chart = message.kind === 'stats' ? await statsChart(message.stats) : null;
    if (chart) port.saveFile(chart.name, chart.content, chart.title);
    // `/interview export`: its files are written under DATA_DIR/exports, a line for each.
    if (message.kind === 'notice') for (const file of message.files ?? []) port.saveExport(file);
  };

  const lines = createInterface({ input: options.input, output: options.interactive ? options.output : undefined, terminal: options.interactive });
  // Taken before the first await: readline emits lines (and the end of piped input) as soon as it
  // exists, and an iterator created later would miss them and wait forever.
  const input = lines[Symbol.asyncIterator]();
  lines.setPrompt('> ');
  if (options.interactive) {
    port.attachPrompt(() => lines.prompt(true));
    // Without a listener readline only pauses on Ctrl-C, and the loop below would never end.
    lines.on('SIGINT', () => lines.close());
  }
  say({ kind: 'text', text: 'Mock Interview Bot (terminal). Type `/interview start [topic]` to begin, `/interview help` for commands, `/quit` to leave.' });
  const returning = await welcomeBack(sessions, owner).catch(() => null);
  if (returning) say({ kind: 'text', text: returning });
  const prompt = () => options.interactive && lines.prompt();
  prompt();
  let count = 0;
  for await (const raw of { [Symbol.asyncIterator]: () => input }) {
    const line = raw.trim();
    count += 1;
    if (line === '/quit' || line === '/exit') break;
    if (line.startsWith('/interview')) {
      if (!options.interactive) options.output.write(`> ${line}\n`);
      const seen = port.questionsPrinted;
      await router.handleCommand({ ...CONSOLE_SCOPE, user, text: line.slice('/interview'.length) } satisfies InboundCommand, reply);
      // A conversation takes turns: once an interview has started, its opening question comes
      // before the next line is read (it is posted by the delivery job, a moment later).
      if (/^\/interview\s+start\b/.test(line) && (await sessions.getActiveSession(owner).catch(() => null))) await port.awaitQuestion(seen, 30_000);
    } else if (line.startsWith('/')) {
      say({ kind: 'notice', tone: 'warning', text: 'Commands start with `/interview`; try `/interview help`, or `/quit` to leave.' });
    } else if (line) {
      if (!options.interactive) options.output.write(`\nYou: ${line}\n`);
      await answer(line, `line-${startedAt}-${count}`);
    }
    prompt();
  }
  lines.close();
  port.attachPrompt(null);
  return awaitOwedEvaluation(sessions, port, owner, { since: startedAt, interactive: options.interactive, output: options.output, input: options.input, timeoutMs: options.evaluationTimeoutMs ?? 120_000 });

  async function profilePrompts(current: ProfileForm): Promise<void> {
    const readLine = async () => {
      const next = await input.next();
      return next.done ? null : (next.value as string);
    };
    const echo = options.interactive ? null : (line: string) => options.output.write(`You: ${line}\n`);
    const form = await askProfile(current, { readLine, say, echo });
    if (!form) return say({ kind: 'notice', tone: 'info', text: 'Profile not changed.' });
    await router.handleProfileSubmit({ ...CONSOLE_SCOPE, user, form }, reply);
  }

  async function answer(text: string, messageId: string): Promise<void> {
    const live = await sessions.getActiveSession(owner).catch(() => null);
    if (!live?.threadId) {
      say({ kind: 'notice', tone: 'info', text: 'No interview is running. Start one with `/interview start [topic]`.' });
      return;
    }
    const result = await router.handleThreadMessage({ ...CONSOLE_SCOPE, threadId: live.threadId, user, text, messageId }, reply);
    // A terminal conversation takes turns: the reply is printed before the next prompt.
    if (result?.kind === 'answer' && result.recorded.pending) {
      await sessions.awaitReply(result.sessionId, owner, result.recorded.message.seq, 60_000).catch((error: unknown) => say({ kind: 'notice', tone: 'warning', text: (error as { userMessage?: string }).userMessage ?? 'The interviewer is slow to answer.' }));
    }
  }
}

