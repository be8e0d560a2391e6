import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordFake, type DiscordFake } from '../fakes/discord-fake.js';
import { messageEvent, postEvent, postSlashCommand } from '../fakes/slack-signed-request.js';
import { startSlackFake, type SlackFake } from '../fakes/slack-web-api-fake.js';
import { ChildProcesses, type Child } from '../support/child-processes.js';
import { freePort } from '../support/free-port.js';
import { until } from '../support/queue-backends.js';

const ROOT = join(import.meta.dirname, '..', '..');
const PG_URL = process.env.DATABASE_URL;
const REDIS_URL = process.env.REDIS_URL;
const SECRET = 'scale-out-signing-secret';
const TEAM = 'T_SCALE';
const CHANNEL = 'C_SCALE';
/** Interview length and clock: a 10-minute interview at 3 s a minute warns at 5 and 2 minutes left and ends at 30 s (time for every answer first, on a loaded 2-core machine). */
const MINUTES = 10;
const MINUTE_MS = 3_000;
const SLACK_INTERVIEWS = 4;
const ANSWERS = ['Users shorten links and get fast redirects.', 'About 100 million new links a day, 1,200 writes a second.', 'Base62 ids from a counter rather than hashes, because there are no collisions to check.'];

/** The command the image runs (`npm start`, the Dockerfile's CMD): node, its flags, the entry point. */
const startArgs = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start.split(' ').slice(1);

/** A guild id whose events Discord routes to `shard` of 2: (id >> 22) % 2. */
const guildOnShard = (shard: number) => String(((BigInt(Date.now()) * 2n + BigInt(shard)) << 22n) | 1n);

/**
 * Issue 16: two bot processes and two worker processes, started as the image starts them, on one
 * Postgres database (migrated once by the migrate command, as compose's migrate service does) and
 * one Redis. Slack requests go to either bot as a load balancer sends them, a retry landing on
 * the other bot; Discord events arrive through two gateway shards, which the bots share out
 * through Redis. One worker is SIGKILLed mid-run. Every candidate message is answered exactly
 * once, in order, every timer notice and every evaluation card appears exactly once.
 */
describe.skipIf(!PG_URL || !REDIS_URL)('two bots and two workers behave as one bot', () => {
  const database = `mib_scale_${randomBytes(5).toString('hex')}`;
  const databaseUrl = (() => {
    const url = new URL(PG_URL ?? 'postgres://x/y');
    url.pathname = `/${database}`;
    return url.toString();
  })();
  const prefix = `scale-${randomBytes(4).toString('hex')}`;
  let slack: SlackFake;
  let discord: DiscordFake;
  let db: pg.Client;
  const guilds = [guildOnShard(0), guildOnShard(1)];
  const bots: Array<Child & { url: string }> = [];
  const workers: Child[] = [];
  const processes = new ChildProcesses(() => ({}));

  const baseEnv = () => ({
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    REDIS_URL: REDIS_URL!,
    QUEUE_PREFIX: prefix,
    MIGRATE_ON_START: 'false',
    OPENAI_API_KEY: '',
    SLACK_BOT_TOKEN: 'xoxb-scale',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.apiUrl,
    DISCORD_TOKEN: discord.token,
    DISCORD_API_URL: discord.apiUrl,
    DISCORD_APPLICATION_ID: discord.applicationId,
    DISCORD_SHARDS: '2',
    DISCORD_SHARD_LEASE_MS: '3000',
    TIMER_MINUTE_MS: String(MINUTE_MS),
    TURN_LEASE_SECONDS: '3',
    SWEEP_INTERVAL_MS: '1000',
    QUEUE_STALLED_INTERVAL_MS: '2000',
    SHUTDOWN_TIMEOUT_MS: '5000',
  });

  function run(name: string, args: string[], env: Record<string, string>): Child {
    let output = '';
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...baseEnv(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk) => (output += String(chunk)));
    child.stderr.on('data', (chunk) => (output += String(chunk)));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const started = { name, process: child, output: () => output, exited };
    processes.children.push(started);
    return started;
  }

  async function startRole(role: 'bot' | 'worker', n: number): Promise<Child & { url: string }> {
    const port = await freePort();
    // Bots log at info: the test reads which Discord shard each one claimed.
    const child = run(`${role} ${n}`, [...startArgs, `--role=${role}`], { PORT: String(port), ...(role === 'bot' ? { LOG_LEVEL: 'info' } : {}) });
    const base = `http://127.0.0.1:${port}`;
    await until(async () => (await fetch(`${base}/readyz`).then((r) => r.status).catch(() => 0)) === 200 || child.process.exitCode !== null, 60_000, `${role} ${n} ready`);
    if (child.process.exitCode !== null) throw new Error(`${role} ${n} exited:\n${child.output()}`);
    return { ...child, url: `${base}/slack/events` };
  }

  beforeAll(async () => {
    slack = await startSlackFake({ teamId: TEAM });
    discord = await startDiscordFake({ guilds: guilds.map((id) => ({ id })) });
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`create database ${database}`);
    await admin.end();
    db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    // compose's migrate service: once, before the replicas.
    const migrate = run('migrate', ['dist/src/cli/migrate.js'], {});
    expect(await migrate.exited, migrate.output()).toBe(0);
    for (let i = 1; i <= 2; i++) bots.push(await startRole('bot', i));
    for (let i = 1; i <= 2; i++) workers.push(await startRole('worker', i));
    // Each bot runs one of the two shards (claimed through Redis), not both.
    await until(() => discord.connectedSessions === 2, 30_000, 'both Discord shards connected');
    expect(discord.identifies.map((i) => i.shard).sort()).toEqual([[0, 2], [1, 2]]);
  }, 180_000);

  afterAll(async () => {
    await processes.killAll();
    await db?.end();
    await slack?.close();
    await discord?.close();
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`drop database if exists ${database} with (force)`);
    await admin.end();
  }, 60_000);

  let events = 0;
  /** A Slack request through the "load balancer": bot `n % 2`; a retry of the same event goes to the other. */
  async function slackMessage(n: number, user: string, root: string, text: string): Promise<void> {
    const event = messageEvent({ channel: CHANNEL, user, text, thread_ts: root, team: TEAM });
    const eventId = `Ev_SCALE_${++events}`;
    const first = await postEvent(bots[n % 2]!.url, SECRET, event, { eventId, teamId: TEAM });
    expect(first.status).toBe(200);
    if (n % 3 === 0) {
      const retry = await postEvent(bots[(n + 1) % 2]!.url, SECRET, event, { eventId, teamId: TEAM, retryNum: 1 });
      expect(retry.status).toBe(200);
    }
  }

  const deliveries = async (sessionId: string) =>
    (await db.query<{ seq: number; kind: string; status: string; platform_message_id: string | null; dedupe_key: string | null }>(`select seq, kind, status, platform_message_id, dedupe_key from deliveries where session_id = $1 order by seq`, [sessionId])).rows;
  const candidateTurns = async (sessionId: string) =>
    (await db.query<{ seq: number; turn_state: string | null }>(`select seq, turn_state from messages where session_id = $1 and role = 'candidate' order by seq`, [sessionId])).rows;
  const sessionOf = async (threadId: string) =>
    (await db.query<{ id: string; status: string }>(`select id, status from sessions where thread_id = $1`, [threadId])).rows[0];

  it('answers every message once and in order, fires every timer once and posts every evaluation once, with a worker killed mid-run', async () => {
    // Slack: interviews started through either bot.
    const slackThreads: Array<{ user: string; root: string }> = [];
    for (let i = 0; i < SLACK_INTERVIEWS; i++) {
      const user = `U_SCALE${i}`;
      const res = await postSlashCommand(bots[i % 2]!.url, SECRET, { team_id: TEAM, channel_id: CHANNEL, user_id: user, user_name: `cand${i}`, command: '/interview', text: `start url shortener ${MINUTES}`, response_url: slack.responseUrl(`start${i}`), trigger_id: `trig-${i}-${prefix}` });
      expect(res.status).toBe(200);
    }
    await until(() => slack.messagesInChannel(CHANNEL).filter((m) => m.bot_id && !m.thread_ts).length === SLACK_INTERVIEWS, 20_000, 'Slack interview threads opened');
    for (const root of slack.messagesInChannel(CHANNEL).filter((m) => m.bot_id && !m.thread_ts)) {
      await until(async () => (await sessionOf(root.ts)) !== undefined, 10_000, 'session of thread');
      const owner = (await db.query<{ owner_user_id: string }>(`select owner_user_id from sessions where thread_id = $1`, [root.ts])).rows[0]!.owner_user_id;
      slackThreads.push({ user: owner, root: root.ts });
    }
    // Discord: one interview in each guild, so each shard (each bot) takes one.
    const discordThreads: string[] = [];
    for (const guildId of guilds) {
      const member = discord.addMember({ username: `cand-${guildId.slice(-4)}`, guildId });
      const channel = [...discord.channels.values()].find((c) => c.guild_id === guildId && c.type === 0)!;
      const before = discord.threads.length;
      discord.sendCommand({ subcommand: 'start', options: [{ name: 'topic', value: 'url shortener' }, { name: 'minutes', value: MINUTES }], userId: member.id, channelId: channel.id, guildId });
      await until(() => discord.threads.length > before, 20_000, `Discord thread in guild ${guildId}`);
      const thread = discord.threads.at(-1)!;
      discordThreads.push(thread.id);
      (thread as { owner?: string }).owner = member.id;
    }
    const discordAuthor = (threadId: string) => (discord.threads.find((t) => t.id === threadId) as { owner?: string }).owner!;

    // The first answer everywhere, then a worker dies while the rest are in flight.
    let n = 0;
    for (const t of slackThreads) await slackMessage(n++, t.user, t.root, ANSWERS[0]!);
    for (const threadId of discordThreads) discord.sendMessage({ channelId: threadId, authorId: discordAuthor(threadId), content: ANSWERS[0]! });
    for (const answer of ANSWERS.slice(1)) {
      for (const t of slackThreads) await slackMessage(n++, t.user, t.root, answer);
      for (const threadId of discordThreads) discord.sendMessage({ channelId: threadId, authorId: discordAuthor(threadId), content: answer });
      if (answer === ANSWERS[1]) await processes.kill(workers[0]!);
    }

    // Every interview ends by its timer and gets its card.
    const sessionIds = [...slackThreads.map((t) => t.root), ...discordThreads];
    for (const threadId of sessionIds) {
      const session = (await sessionOf(threadId))!;
      await until(async () => (await deliveries(session.id)).some((d) => d.kind === 'evaluation' && d.status === 'posted'), 90_000, `evaluation of ${threadId}`).catch((error: Error) => {
        throw new Error(`${error.message}\n${workers.map((w) => `${w.name}:\n${w.output()}`).join('\n')}`);
      });
    }

    for (const [index, threadId] of sessionIds.entries()) {
      const onSlack = index < slackThreads.length;
      const session = (await sessionOf(threadId))!;
      expect(session.status).toBe('completed');
      // Every candidate message answered, none twice (the retries landed on the other bot).
      const turns = await candidateTurns(session.id);
      expect(turns.map((t) => t.turn_state)).toEqual(ANSWERS.map(() => 'answered'));
      const owed = await deliveries(session.id);
      expect(owed.every((d) => d.status === 'posted'), JSON.stringify(owed)).toBe(true);
      expect(owed.filter((d) => d.kind === 'reply')).toHaveLength(ANSWERS.length);
      expect(owed.filter((d) => d.kind === 'evaluation')).toHaveLength(1);
      // What the thread shows: each owed post exactly once, in the order it was owed.
      const shown = onSlack
        ? slack.messagesInThread(CHANNEL, threadId).filter((m) => m.bot_id && m.thread_ts).map((m) => m.ts)
        : discord.botMessagesIn(threadId).map((m) => m.id);
      const expected = owed.map((d) => d.platform_message_id);
      expect(shown.filter((id) => expected.includes(id))).toEqual(expected);
      expect(shown).toHaveLength(expected.length + (onSlack ? extraSlackParts(threadId, owed) : 0));
      const texts = onSlack ? slack.messagesInThread(CHANNEL, threadId).map((m) => m.text ?? '') : discord.botMessagesIn(threadId).map((m) => `${m.content ?? ''}${JSON.stringify(m.embeds ?? [])}`);
      for (const notice of ['Halfway there', '2 minutes left', "Time's up"]) expect(texts.filter((t) => t.includes(notice)), `${notice} in ${threadId}`).toHaveLength(1);
    }
    // The killed worker really died mid-run; everyone else is still up.
    expect(workers[0]!.process.signalCode).toBe('SIGKILL');
    for (const child of [...bots, workers[1]!]) expect(child.process.exitCode, child.output()).toBeNull();
    slack.assertNoUnexpected();
  }, 240_000);

  it('a bot killed: its Discord shard moves to the other bot, and Slack retries land there', async () => {
    const claimed = (bot: Child) => [...bot.output().matchAll(/Discord shard (\d+) of 2 running here/g)].map((m) => Number(m[1]));
    const [orphan] = claimed(bots[0]!);
    expect(claimed(bots[1]!)).not.toContain(orphan);
    await processes.kill(bots[0]!);
    // The dead bot's lease runs out (3 s); the survivor, already running a shard, takes it after its grace.
    await until(() => claimed(bots[1]!).includes(orphan!), 30_000, `shard ${orphan} taken over`);
    await until(() => discord.connectedSessions === 2, 20_000, 'the taken-over shard connected');
    const guildId = guilds[orphan!]!;
    const member = discord.addMember({ username: 'after-failover', guildId });
    const channel = [...discord.channels.values()].find((c) => c.guild_id === guildId && c.type === 0)!;
    const before = discord.threads.length;
    discord.sendCommand({ subcommand: 'start', options: [{ name: 'topic', value: 'url shortener' }, { name: 'minutes', value: MINUTES }], userId: member.id, channelId: channel.id, guildId });
    await until(() => discord.threads.length > before && discord.botMessagesIn(discord.threads.at(-1)!.id).length === 1, 20_000, 'interview started on the taken-over shard');
    const threadId = discord.threads.at(-1)!.id;
    discord.sendMessage({ channelId: threadId, authorId: member.id, content: ANSWERS[0]! });
    await until(() => discord.botMessagesIn(threadId).length === 2, 20_000, 'answer on the taken-over shard');

    // Slack: the load balancer's request to the dead bot fails; its retry goes to the live one.
    const dead = await postSlashCommand(bots[0]!.url, SECRET, { team_id: TEAM, channel_id: CHANNEL, user_id: 'U_FAILOVER', command: '/interview', text: `start url shortener ${MINUTES}` }).catch(() => null);
    expect(dead).toBeNull();
    const roots = () => slack.messagesInChannel(CHANNEL).filter((m) => m.bot_id && !m.thread_ts).length;
    const opened = roots();
    const live = await postSlashCommand(bots[1]!.url, SECRET, { team_id: TEAM, channel_id: CHANNEL, user_id: 'U_FAILOVER', command: '/interview', text: `start url shortener ${MINUTES}`, response_url: slack.responseUrl('failover'), trigger_id: `trig-failover-${prefix}` });
    expect(live.status).toBe(200);
    await until(() => roots() === opened + 1, 20_000, 'Slack interview through the surviving bot');
  }, 90_000);

  /** Slack posts a long message in parts (key#1, key#2…): those follow their first part. */
  function extraSlackParts(threadId: string, owed: Array<{ seq: number }>): number {
    const keys = slack.messagesInThread(CHANNEL, threadId).map((m) => (m.metadata as { event_payload?: { key?: string } } | undefined)?.event_payload?.key ?? '');
    return keys.filter((k) => /#[1-9]\d*$/.test(k) && owed.some((d) => k.includes(`:${d.seq}#`))).length;
  }
});
