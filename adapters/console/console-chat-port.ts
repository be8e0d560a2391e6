import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import type { Writable } from 'node:stream';
import type { ChannelTarget, ChatPort, PostOptions, ThreadTarget, UploadResult, UploadedFile } from '../../src/chat/chat-port.js';
import type { OutboundMessage } from '../../src/chat/outbound-message.js';
import { renderConsole } from './render-console.js';
import { forgetConsoleFiles } from './console-files.js';

/**
 * The terminal as a chat platform: one channel, one thread per interview, everything printed in
 * order. Updates of a streamed reply are not reprinted; the final text is.
 */
export class ConsoleChatPort implements ChatPort {
  /** Printed lines stay printed, so replies are shown whole rather than streamed. */
  readonly canEdit = false;
  readonly progress = 'typing' as const;
  private messages = 0;
  private threads = 0;
  /** Sessions whose evaluation card has been printed, so a piped run knows when to exit. */
  readonly evaluationsShown = new Set<string>();
  /** Recent idempotency keys and what they printed (a terminal session is short: a few hundred is plenty). */
  private readonly printedKeys = new Map<string, string>();

  /** Interviewer questions printed so far: a piped run waits for the opening before answering it. */
  questionsPrinted = 0;

  /** Resolves once more than `seen` questions were printed, or after `timeoutMs`. */
  async awaitQuestion(seen: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.questionsPrinted <= seen && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  }

  /** Redraws the prompt after output that arrived while the user was typing (interactive only). */
  private redrawPrompt: (() => void) | null = null;

  /**
   * `filesDir`: where pictures are written (`npm start`: `<DATA_DIR>/charts`; default: a folder in the system's temp).
   * `exportsDir`: where `/interview export` writes its files (`npm start`: `<DATA_DIR>/exports`; default: a folder in the system's temp).
   */
  constructor(
    private readonly out: Writable,
    private readonly options: { filesDir?: string; exportsDir?: string } = {},
  ) {}

  /** Writes an export's file under `exportsDir` (a name cannot leave it) and prints where; returns the path. */
  saveExport(file: UploadedFile): string {
    const dir = this.options.exportsDir ?? join(tmpdir(), 'mock-interview-exports');
    mkdirSync(dir, { recursive: true });
    const path = join(dir, file.name.replace(/[^\w.-]/g, '_'));
    writeFileSync(path, file.content);
    this.write(`[${file.title ?? 'export'}] saved to ${path}`);
    return path;
  }

  attachPrompt(redraw: (() => void) | null): void {
    this.redrawPrompt = redraw;
  }

  /** Prints at once (the adapter's own lines), keeping the prompt below. */
  printNow(message: OutboundMessage): void {
    this.print(message);
  }

  async openThread(_target: ChannelTarget, message: OutboundMessage, _title?: string, options: PostOptions = {}): Promise<{ messageId: string; threadId: string }> {
    // As in a thread: a keyed message printed once (a retried share, a practice prompt) is not printed again.
    const earlier = options.idempotencyKey ? this.printedKeys.get(`open:${options.idempotencyKey}`)?.split(' ') : undefined;
    if (earlier) return { messageId: earlier[0]!, threadId: earlier[1]! };
    this.threads += 1;
    const opened = { messageId: this.print(message), threadId: `console-thread-${Date.now()}-${this.threads}` };
    if (options.idempotencyKey) this.remember(`open:${options.idempotencyKey}`, `${opened.messageId} ${opened.threadId}`);
    return opened;
  }

  async postInThread(_target: ThreadTarget, message: OutboundMessage, options: PostOptions = {}): Promise<{ messageId: string }> {
    // A printed message stays printed: sending it again to reconcile prints nothing new.
    const earlier = options.idempotencyKey ? this.printedKeys.get(options.idempotencyKey) : undefined;
    if (earlier) return { messageId: earlier };
    if (message.kind === 'evaluation') this.evaluationsShown.add(message.report.sessionId);
    const messageId = this.print(message);
    if (options.idempotencyKey) this.remember(options.idempotencyKey, messageId);
    return { messageId };
  }

  async update(_target: ThreadTarget, _messageId: string, message: OutboundMessage): Promise<void> {
    // A terminal cannot edit what it printed: show the new version below.
    this.print(message);
  }

  async notifyPrivately(_target: ChannelTarget, _userId: string, message: OutboundMessage): Promise<void> {
    this.print(message);
  }

  /**
   * Text is printed; bytes (a chart) are written to a file under `filesDir`, and one line says
   * where. Synchronous, so the file exists once the line is printed (a piped run exits soon after).
   */
  async uploadFile(_target: ThreadTarget, file: UploadedFile, options: PostOptions = {}): Promise<UploadResult> {
    if (options.idempotencyKey && this.printedKeys.has(`file:${options.idempotencyKey}`)) return { status: 'already-there' };
    if (typeof file.content === 'string') {
      this.write(`--- ${file.name} ---\n${file.content}`);
    } else {
      this.saveFile(file.name, file.content, file.title);
    }
    if (options.idempotencyKey) this.remember(`file:${options.idempotencyKey}`, file.name);
    return { status: 'uploaded' };
  }

  /**
   * Writes bytes (a chart) to `name` under `filesDir` (a name cannot leave it) and prints one line
   * saying where; returns the path. Synchronous, so the file exists once the line is printed.
   */
  saveFile(name: string, content: Buffer, title?: string): string {
    const dir = this.filesDir();
    mkdirSync(dir, { recursive: true });
    const path = join(dir, name.replace(/[^\w.-]/g, '_'));
    writeFileSync(path, content);
    const shown = relative(process.cwd(), path);
    this.write(`[${title ?? 'picture'}] saved to ${shown.startsWith('..') || isAbsolute(shown) ? path : shown}`);
    return path;
  }

  /** `/interview forget-me`: this person's pictures under `filesDir` (console-files.ts). */
  async forgetPersonalFiles(person: { userId: string }, sessionIds: readonly string[]): Promise<number> {
    return forgetConsoleFiles(this.filesDir(), person.userId, sessionIds);
  }

  private filesDir(): string {
    return this.options.filesDir ?? join(tmpdir(), 'mock-interview-charts');
  }

  async showTyping(): Promise<void> {
    // Only a slow (LLM) interviewer asks for this: one line, so the user knows it is coming.
    this.write('(the interviewer is thinking...)');
  }

  private remember(key: string, messageId: string): void {
    this.printedKeys.set(key, messageId);
    if (this.printedKeys.size > 500) this.printedKeys.delete(this.printedKeys.keys().next().value!);
  }

  private print(message: OutboundMessage): string {
    this.messages += 1;
    if (message.kind === 'question') this.questionsPrinted += 1;
    const text = renderConsole(message);
    if (text) this.write(text);
    return `console-${this.messages}`;
  }

  private write(text: string): void {
    // At a prompt: clear the half-typed line, print, and draw the prompt (and what was typed) again.
    if (this.redrawPrompt) this.out.write('\r\x1b[K');
    this.out.write(`${text}\n`);
    this.redrawPrompt?.();
  }
}
