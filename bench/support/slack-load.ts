// Slack traffic for whole-process benchmarks: signed slash commands and thread messages sent to
// a bot's /slack/events, as Slack sends them, a bounded number at a time.
import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { eventEnvelope, messageEvent, signSlackRequest, SLASH_COMMAND_DEFAULTS } from '../../test/fakes/slack-signed-request.js';
import type { SlackFake } from '../../test/fakes/slack-web-api-fake.js';

export const BENCH_SECRET = 'bench-signing-secret';
export const BENCH_TEAM = 'T_BENCH';

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

function post(url: string, body: string, contentType: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': contentType, 'content-length': Buffer.byteLength(body), ...signSlackRequest(BENCH_SECRET, body) };
    const req = request(url, { method: 'POST', agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Runs `fn` over `items`, `concurrency` at a time. */
export async function inBatches<T>(items: T[], concurrency: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i]!, i);
      }
    }),
  );
}

export interface BenchUser {
  userId: string;
  channelId: string;
}

export const benchUsers = (count: number): BenchUser[] => Array.from({ length: count }, (_, i) => ({ userId: `U${String(i).padStart(6, '0')}`, channelId: `C${String(i % 20).padStart(3, '0')}` }));

/** `/interview <text>` from a user; retried (as Slack would not, but a benchmark must finish) on a non-200. */
export async function slashCommand(eventsUrl: string, slack: SlackFake, user: BenchUser, text: string): Promise<void> {
  const body = new URLSearchParams({ ...SLASH_COMMAND_DEFAULTS, response_url: slack.responseUrl(), team_id: BENCH_TEAM, channel_id: user.channelId, user_id: user.userId, user_name: user.userId, text, trigger_id: `${Date.now()}.${Math.random()}` }).toString();
  for (let attempt = 0; (await post(eventsUrl, body, 'application/x-www-form-urlencoded')) !== 200; attempt += 1) {
    if (attempt >= 5) throw new Error(`/interview ${text} was refused 5 times`);
    await sleep(200);
  }
}

/** A message in a thread, as the Events API delivers it. */
export async function threadMessage(eventsUrl: string, user: BenchUser, threadTs: string, text: string): Promise<void> {
  const body = JSON.stringify(eventEnvelope(messageEvent({ channel: user.channelId, user: user.userId, text, thread_ts: threadTs, team: BENCH_TEAM }), { teamId: BENCH_TEAM }));
  const status = await post(eventsUrl, body, 'application/json');
  if (status !== 200) throw new Error(`thread message answered ${status}`);
}

/** Each bench user's interview thread: the bot's first post in the user's channel that mentions them (the thread root). */
export function threadsOf(slack: SlackFake, users: BenchUser[]): Map<string, string> {
  const threads = new Map<string, string>();
  for (const channel of new Set(users.map((u) => u.channelId))) {
    for (const message of slack.messagesInChannel(channel)) {
      if (message.thread_ts) continue;
      const text = JSON.stringify(message);
      const user = users.find((u) => u.channelId === channel && text.includes(u.userId));
      if (user && !threads.has(user.userId)) threads.set(user.userId, message.ts);
    }
  }
  return threads;
}
