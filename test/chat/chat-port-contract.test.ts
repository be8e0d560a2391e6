import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleChatPort } from '../../adapters/console/console-chat-port.js';
import { createDiscordPort } from '../../adapters/discord/discord-app.js';
import { createSlackPort } from '../../adapters/slack/slack-app.js';
import { ChatDeliveryError } from '../../src/chat/chat-delivery-error.js';
import type { ChatPort, ThreadTarget } from '../../src/chat/chat-port.js';
import { ChannelType, DiscordErrors, startDiscordFake, type DiscordFake } from '../fakes/discord-fake.js';
import { startSlackFake, type SlackFake } from '../fakes/slack-web-api-fake.js';
import { memoryLogger } from '../support/memory-log.js';

/** One adapter under contract: its port, a fresh thread, what the thread shows, and how to make the platform fail. */
interface Subject {
  name: string;
  port: ChatPort;
  thread(): Promise<ThreadTarget>;
  /** What a person sees in the thread, one entry per message (the root excluded), oldest first. */
  shown(target: ThreadTarget): string[];
  /** The next post is carried out by the platform, but the answer the adapter gets is a server error. */
  postedThenFail?(): void;
  /** The next post is refused for good (the channel is gone, no permission). */
  refuseNext?(): void;
  /** The next post is rate limited; `retryAfterMs` is what the platform asked (when the adapter passes it on). */
  rateLimitNext?(): number;
  close(): Promise<void>;
}

async function slackSubject(): Promise<Subject> {
  const slack: SlackFake = await startSlackFake();
  const port = createSlackPort({ botToken: 'xoxb-contract', apiUrl: slack.apiUrl, timeoutMs: 2_000 }, memoryLogger().logger);
  let n = 0;
  return {
    name: 'slack',
    port,
    async thread() {
      const channel = `CK${++n}`;
      const ts = slack.addMessage({ channel, user: 'U_BOT', text: 'root' });
      return { platform: 'slack', workspaceId: slack.teamId, channelId: channel, threadId: ts };
    },
    shown: (t) =>
      slack
        .messagesInThread(t.channelId, t.threadId)
        .slice(1)
        .map((m) => `${m.text ?? ''} ${JSON.stringify(m.blocks ?? [])}`),
    postedThenFail: () => slack.failNext('chat.postMessage', { error: 'internal_error', status: 500, applied: true }),
    refuseNext: () => slack.failNext('chat.postMessage', { error: 'channel_not_found' }),
    rateLimitNext: () => {
      slack.failNext('chat.postMessage', { error: 'ratelimited', status: 429, retryAfter: 2 });
      return 2_000;
    },
    close: () => slack.close(),
  };
}

async function discordSubject(): Promise<Subject> {
  const fake: DiscordFake = await startDiscordFake();
  const port = createDiscordPort({ token: fake.token, apiUrl: fake.apiUrl });
  const posts = /^\/channels\/\d+\/messages$/;
  let n = 0;
  return {
    name: 'discord',
    port,
    async thread() {
      const thread = fake.addChannel({ parentId: fake.textChannelId, type: ChannelType.PublicThread, name: `contract ${++n}` });
      return { platform: 'discord', workspaceId: fake.guildId, channelId: fake.textChannelId, threadId: thread.id };
    },
    shown: (t) => fake.messagesIn(t.threadId).map((m) => `${m.content ?? ''} ${JSON.stringify(m.embeds ?? [])}`),
    // discord.js retries a 5xx by itself; with the enforced nonce the retry returns the first message.
    postedThenFail: () => fake.failNext('POST', posts, { ...DiscordErrors.serverError, applied: true }),
    refuseNext: () => fake.failNext('POST', posts, DiscordErrors.missingPermissions),
    close: () => fake.close(),
  };
}

async function consoleSubject(): Promise<Subject> {
  const out = new PassThrough();
  let printed = '';
  out.on('data', (c) => (printed += String(c)));
  let n = 0;
  const threads = new Map<string, number>();
  return {
    name: 'console',
    port: new ConsoleChatPort(out),
    async thread() {
      const threadId = `console-${++n}`;
      threads.set(threadId, printed.length);
      return { platform: 'console', workspaceId: 'local', channelId: 'terminal', threadId };
    },
    // One terminal: what was printed since the thread began, a line a message.
    shown: (t) => printed.slice(threads.get(t.threadId) ?? 0).split('\n').filter(Boolean),
    close: async () => undefined,
  };
}

const subjects = [slackSubject, discordSubject, consoleSubject];

describe.each(subjects.map((make) => ({ make, name: make.name.replace('Subject', '') })))('ChatPort contract: $name', ({ make }) => {
  let s: Subject;
  beforeAll(async () => {
    s = await make();
  });
  afterAll(async () => {
    await s.close();
  });
  /** How many messages show this text. */
  const count = (t: ThreadTarget, text: string) => s.shown(t).filter((m) => m.includes(text)).length;

  it('posts in the thread and returns the message id', async () => {
    const t = await s.thread();
    const { messageId } = await s.port.postInThread(t, { kind: 'question', text: 'What are the requirements?' }, { idempotencyKey: 'k-post' });
    expect(messageId).toBeTruthy();
    expect(count(t, 'What are the requirements?')).toBe(1);
  });

  it('replaces a message in place when it can edit', async () => {
    if (!s.port.canEdit) return;
    const t = await s.thread();
    const { messageId } = await s.port.postInThread(t, { kind: 'question', text: 'Thinking placeholder' });
    await s.port.update(t, messageId, { kind: 'question', text: 'The final reply' }, { idempotencyKey: 'k-edit' });
    expect(count(t, 'Thinking placeholder')).toBe(0);
    expect(count(t, 'The final reply')).toBe(1);
  });

  it('shows a long message whole, in order, split under the platform limit', async () => {
    const t = await s.thread();
    const words = Array.from({ length: 900 }, (_, i) => `w${i}`).join(' ');
    await s.port.postInThread(t, { kind: 'question', text: words }, { idempotencyKey: 'k-long' });
    const shown = s.shown(t).join(' ');
    expect(shown).toContain('w0 ');
    expect(shown.indexOf('w899')).toBeGreaterThan(shown.indexOf('w450'));
  });

  it('posts once when a post the platform carried out is sent again to reconcile', async () => {
    const t = await s.thread();
    const message = { kind: 'question' as const, text: 'Posted once, whatever happens.' };
    s.postedThenFail?.();
    const first = await s.port.postInThread(t, message, { idempotencyKey: 'k-dup' }).catch((e: unknown) => e);
    if (first instanceof Error) expect(first).toMatchObject({ outcome: 'unknown' });
    await s.port.postInThread(t, message, { idempotencyKey: 'k-dup', reconcile: true });
    expect(count(t, 'Posted once, whatever happens.')).toBe(1);
  });

  it('says when a post is refused for good, and when it was not sent and may be retried after a wait', async () => {
    if (s.refuseNext) {
      const t = await s.thread();
      s.refuseNext();
      const refused = await s.port.postInThread(t, { kind: 'question', text: 'nope' }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ChatDeliveryError);
      expect(refused).toMatchObject({ outcome: 'rejected' });
    }
    if (s.rateLimitNext) {
      const t = await s.thread();
      const wait = s.rateLimitNext();
      const limited = await s.port.postInThread(t, { kind: 'question', text: 'later' }).catch((e: unknown) => e);
      expect(limited).toMatchObject({ outcome: 'not-sent', details: { retryAfterMs: wait } });
      expect(count(t, 'later')).toBe(0);
    }
  });
});
