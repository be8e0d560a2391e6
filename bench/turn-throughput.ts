// Candidate turns end to end on Postgres + Redis: signed Slack message events into the Bolt HTTP
// receiver of a bot process (bench/turn-bot-process.ts, configured like `npm start`), answered by
// the queue workers and posted to the Slack Web API fake. Measured side by side in one run:
//   A. bot turns/s with 50 in flight (each session sends its next answer once its reply is posted);
//   B. a "minimal turn" (the same rows written with 3 hand-written statements through a pg.Pool),
//      50 concurrent, in rounds alternating with A;
//   C. slash-command ack latency of our Bolt app and of a bare Bolt app in the same process,
//      alternating requests, while the same turn load runs, in rounds of their own: the bare app
//      and the probe cost the bot process CPU a real bot never spends, so A's rounds (turns/s
//      and the CPU a turn costs) run without them; C's rounds print their turns/s too.
// Two layouts: `all` (one process: Bolt and workers, like `npm start`) and `split` (a bot process
// and a worker process, like `npm run bot` + `npm run worker`). Also printed: SQL statements and
// Redis commands per turn (counted in the bot processes) and the CPU a turn costs in each party.
//
// Knobs (env): BENCH_TURN_LAYOUTS (all,split), BENCH_TURN_ROUNDS (3), BENCH_TURN_ROUND_MS (5000),
// BENCH_MINIMAL_ROUND_MS (2000), BENCH_ACK_ROUND_MS (6000), BENCH_TURN_WARMUP_MS (4000: the JIT
// and Postgres warm up over the first seconds); BENCH_CPU_PROF_DIR (CPU profiles of the bot
// processes over the measured rounds); BENCH_INTERVIEWER=offline (the offline interviewer
// instead of an instant one); BENCH_KEEP_SCHEMA, BENCH_KEEP_LOGS (leave data and process logs);
// BENCH_SQL_SAMPLES=<file> (one example of each statement the bot sent).
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import pg from 'pg';
import { openDatabase } from '../src/storage/database.js';
import { migrateToLatest } from '../src/storage/migrate.js';
import { eventEnvelope, messageEvent, signSlackRequest, SLASH_COMMAND_DEFAULTS } from '../test/fakes/slack-signed-request.js';
import { startSlackFake, type SlackFake } from '../test/fakes/slack-web-api-fake.js';
import { deleteKeys } from '../test/support/queue-backends.js';
import type { BenchSession } from './turn-bot-process.js';

const IN_FLIGHT = 50;
const num = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const ROUNDS = num('BENCH_TURN_ROUNDS', 3);
const BOT_ROUND_MS = num('BENCH_TURN_ROUND_MS', 5_000);
const MINIMAL_ROUND_MS = num('BENCH_MINIMAL_ROUND_MS', 2_000);
const ACK_ROUND_MS = num('BENCH_ACK_ROUND_MS', 6_000);
const WARMUP_MS = num('BENCH_TURN_WARMUP_MS', 4_000);
/** DB_POOL_MAX's default: the minimal turn gets the same number of connections as the bot. */
const POOL_MAX = 20;
const LAYOUTS = (process.env.BENCH_TURN_LAYOUTS ?? 'all,split').split(',') as Layout[];
/** Concurrent `/interview help` senders while the turn load runs (each alternates ours and bare). */
const ACK_SENDERS = 3;
const TARGET_TPS = 300;
const TARGET_MINIMAL_RATIO = 3;
const TARGET_ACK_RATIO = 1.2;

const SECRET = 'bench-signing-secret';
const TEAM = 'T_BENCH';
const ANSWER = 'Users paste a long URL and get a short one; redirects must be fast (p99 under 50 ms) and reads outnumber writes 100 to 1.';

type Layout = 'all' | 'split';
type Role = 'all' | 'bot' | 'worker';
interface Stats {
  queries: number;
  txControl: number;
  redis: number;
  cpu: NodeJS.CpuUsage;
  /** Split layout: each process's share. */
  perProcessCpuMs?: number[];
}

const quantile = (values: number[], q: number) => {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));
const verdict = (met: boolean) => (met ? 'MET' : 'MISSED');

/** A forked bot process, spoken to over IPC (see bench/turn-bot-process.ts). */
class BotProcess {
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private exited: Promise<number | null>;
  private readonly ready: Promise<void>;
  urls: { eventsUrl: string | null; bareUrl: string | null } = { eventsUrl: null, bareUrl: null };

  private constructor(
    private readonly child: ChildProcess,
    readonly role: Role,
    readonly logPath: string,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    // Message 0: the process is up, with the URLs it serves.
    this.ready = new Promise((resolve, reject) => this.pending.set(0, { resolve: (urls) => ((this.urls = urls as BotProcess['urls']), resolve()), reject }));
    child.on('message', (message: { id: number; ok: boolean; result?: unknown; error?: string }) => {
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      if (message.ok) waiter.resolve(message.result);
      else waiter.reject(new Error(`${role} process: ${message.error}`));
    });
    void this.exited.then((code) => {
      for (const waiter of this.pending.values()) waiter.reject(new Error(`${role} process exited (${code}); log: ${this.logTail()}`));
      this.pending.clear();
    });
  }

  static async start(role: Role, env: Record<string, string>, logPath: string): Promise<BotProcess> {
    const log = openSync(logPath, 'w');
    const child = fork(join(import.meta.dirname, 'turn-bot-process.ts'), [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, ...env, BENCH_ROLE: role },
      stdio: ['ignore', log, log, 'ipc'],
    });
    closeSync(log);
    const bot = new BotProcess(child, role, logPath);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${role} process not ready in 60 s; log: ${bot.logTail()}`)), 60_000)));
    try {
      await Promise.race([bot.ready, late]);
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    } finally {
      clearTimeout(timer);
    }
    return bot;
  }

  call<T>(cmd: string, payload: Record<string, unknown> = {}, timeoutMs = 30_000): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.role} process: ${cmd} timed out`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (v) => (clearTimeout(timer), resolve(v as T)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      this.child.send({ id, cmd, ...payload });
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    await this.call('stop', {}, 20_000).catch(() => undefined);
    const code = await Promise.race([this.exited, sleep(5_000).then(() => 'timeout' as const)]);
    if (code === 'timeout') {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }

  /** Warnings and errors the process logged (its stdout is pino JSON). */
  problems(): { warn: number; error: number; first: string | null } {
    if (!existsSync(this.logPath)) return { warn: 0, error: 0, first: null };
    const lines = readFileSync(this.logPath, 'utf8').split('\n');
    const bad = lines.filter((l) => /"level":"(WARN|ERROR|FATAL)"/.test(l) || (l.trim() && !l.startsWith('{')));
    return {
      warn: bad.filter((l) => l.includes('"level":"WARN"')).length,
      error: bad.filter((l) => !l.includes('"level":"WARN"')).length,
      first: bad[0]?.slice(0, 300) ?? null,
    };
  }

  logTail(): string {
    return existsSync(this.logPath) ? readFileSync(this.logPath, 'utf8').slice(-2_000) : '(no log)';
  }
}

/** The Slack fake, with a chat.postMessage that counts posts per thread and wakes whoever waits for one. */
function countPosts(slack: SlackFake) {
  const posts = new Map<string, number>();
  const waiters = new Map<string, { count: number; resolve: (ok: boolean) => void }>();
  let ts = 0;
  slack.setHandler('chat.postMessage', (args) => {
    const channel = String(args.channel);
    const thread = String(args.thread_ts ?? '');
    const n = (posts.get(thread) ?? 0) + 1;
    posts.set(thread, n);
    const waiter = waiters.get(thread);
    if (waiter && n >= waiter.count) {
      waiters.delete(thread);
      waiter.resolve(true);
    }
    ts += 1;
    const messageTs = `1800000000.${String(ts).padStart(6, '0')}`;
    return { channel, ts: messageTs, message: { type: 'message', ts: messageTs, thread_ts: thread, text: args.text, user: slack.botUserId, bot_id: slack.botId } };
  });
  return {
    count: (thread: string) => posts.get(thread) ?? 0,
    /** Resolves true once `thread` has `count` posts, false after the timeout. */
    waitFor(thread: string, count: number, timeoutMs: number): Promise<boolean> {
      if ((posts.get(thread) ?? 0) >= count) return Promise.resolve(true);
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiters.delete(thread);
          resolve(false);
        }, timeoutMs);
        waiters.set(thread, { count, resolve: (ok) => (clearTimeout(timer), resolve(ok)) });
      });
    },
  };
}

interface RoundResult {
  /** Turns completed before the deadline (the throughput). */
  turns: number;
  /** All turns completed, the drain after the deadline included (the per-turn counts). */
  completed: number;
  seconds: number;
  errors: number;
}

// Keep-alive node:http rather than fetch: the load generator shares the machine's cores with the
// bot, so it should cost as little as it can.
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

/** POSTs a body signed like Slack's; resolves with the HTTP status once the response has been read. */
function postSigned(url: string, body: string, contentType: string, signature = signSlackRequest(SECRET, body)): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': contentType, 'content-length': Buffer.byteLength(body), ...signature } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Each session answers, waits for its reply in the thread, answers again, until the deadline. */
async function botRound(
  url: string,
  sessions: BenchSession[],
  posts: ReturnType<typeof countPosts>,
  durationMs: number,
  samples?: { ack: number[]; turn: number[] },
): Promise<RoundResult> {
  const start = performance.now();
  const deadline = start + durationMs;
  const result: RoundResult = { turns: 0, completed: 0, seconds: durationMs / 1000, errors: 0 };
  await Promise.all(
    sessions.map(async (s) => {
      while (performance.now() < deadline) {
        const want = posts.count(s.threadId) + 1;
        const t0 = performance.now();
        const event = eventEnvelope(messageEvent({ channel: s.channelId, user: s.userId, text: ANSWER, thread_ts: s.threadId }), { teamId: TEAM });
        const status = await postSigned(url, JSON.stringify(event), 'application/json');
        const t1 = performance.now();
        if (status !== 200) {
          result.errors += 1;
          await sleep(50);
          continue;
        }
        if (!(await posts.waitFor(s.threadId, want, 20_000))) {
          result.errors += 1;
          continue;
        }
        const t2 = performance.now();
        result.completed += 1;
        if (t2 <= deadline) {
          result.turns += 1;
          samples?.ack.push(t1 - t0);
          samples?.turn.push(t2 - t0);
        }
      }
    }),
  );
  return result;
}

/**
 * The least a turn has to write, by hand through a pg.Pool: the candidate's message (numbered
 * from its session row), the reply with its delivery and the interviewer's state (the turn
 * marked answered), and the delivery marked posted. Three statements, each its own transaction.
 */
async function minimalTurn(pool: pg.Pool, sessionId: string, n: number): Promise<void> {
  const candidate = await pool.query<{ seq: number }>(
    `with s as (update sessions set last_seq = last_seq + 1, updated_at = now() where id = $1 returning id, last_seq, owner_user_id)
     insert into messages (session_id, seq, role, mode, content, author_user_id, platform_message_id, metadata, created_at, turn_state)
     select s.id, s.last_seq, 'candidate', 'text', $2, s.owner_user_id, $3, '{}'::jsonb, now(), 'pending' from s
     returning seq`,
    [sessionId, ANSWER, `m-${sessionId}-${n}`],
  );
  const seq = candidate.rows[0]!.seq;
  const reply = await pool.query<{ seq: number }>(
    `with s as (
       update sessions set last_seq = last_seq + 1, last_delivery_seq = last_delivery_seq + 1, interviewer_state = $3::jsonb, updated_at = now()
       where id = $1
       returning id, last_seq, last_delivery_seq, platform, workspace_id, channel_id, thread_id, owner_user_id
     ), r as (
       insert into messages (session_id, seq, role, mode, content, reply_to_seq, metadata, created_at)
       select s.id, s.last_seq, 'interviewer', 'text', $4, $2, '{}'::jsonb, now() from s
       returning seq
     ), t as (
       update messages set turn_state = 'answered' where session_id = $1 and seq = $2 and turn_state = 'pending'
     )
     insert into deliveries (session_id, seq, platform, workspace_id, channel_id, thread_id, kind, message, message_seq, notify_user_id, created_at)
     select s.id, s.last_delivery_seq, s.platform, s.workspace_id, s.channel_id, s.thread_id, 'reply', $5::jsonb, r.seq, s.owner_user_id, now() from s, r
     returning seq`,
    [sessionId, seq, JSON.stringify({ throughSeq: seq }), 'Noted. What would you do next, and why?', JSON.stringify({ kind: 'question', text: 'Noted. What would you do next, and why?' })],
  );
  await pool.query(`update deliveries set status = 'posted', attempts = attempts + 1, posted_at = now(), platform_message_id = $3 where session_id = $1 and seq = $2`, [
    sessionId,
    reply.rows[0]!.seq,
    `1800000000.${n}`,
  ]);
}

let minimalTurns = 0;

async function minimalRound(pool: pg.Pool, sessions: BenchSession[], durationMs: number): Promise<RoundResult> {
  const deadline = performance.now() + durationMs;
  const result: RoundResult = { turns: 0, completed: 0, seconds: durationMs / 1000, errors: 0 };
  await Promise.all(
    sessions.map(async (s) => {
      while (performance.now() < deadline) {
        await minimalTurn(pool, s.sessionId, (minimalTurns += 1));
        result.completed += 1;
        if (performance.now() <= deadline) result.turns += 1;
      }
    }),
  );
  return result;
}

/** `/interview help`, the same signed request to our app and to the bare one, alternating which goes first. */
async function sampleAcks(ourUrl: string, bareUrl: string, slack: SlackFake, until: () => boolean, out: { ours: number[]; bare: number[]; errors: number }) {
  let flip = false;
  let n = 0;
  while (!until()) {
    // A fresh trigger_id each time: identical signed bodies are replays, answered without running.
    n += 1;
    const body = new URLSearchParams({ ...SLASH_COMMAND_DEFAULTS, team_id: TEAM, channel_id: 'C_CMD', user_id: 'U_CMD', text: 'help', response_url: slack.responseUrl('cmd'), trigger_id: `bench.${process.pid}.${n}.${Math.random()}` }).toString();
    const signature = signSlackRequest(SECRET, body);
    const order: [string, number[]][] = flip ? [[bareUrl, out.bare], [ourUrl, out.ours]] : [[ourUrl, out.ours], [bareUrl, out.bare]];
    flip = !flip;
    for (const [url, into] of order) {
      const t = performance.now();
      const status = await postSigned(url, body, 'application/x-www-form-urlencoded', signature);
      if (status === 200) into.push(performance.now() - t);
      else out.errors += 1;
    }
    await sleep(5);
  }
}

/**
 * CPU seconds used so far by the Postgres backends serving connections whose application_name
 * starts with `app` (read from /proc: Postgres runs on this machine in the bench's setting;
 * NaN where it cannot be read).
 */
async function backendCpu(admin: pg.Client, app: string): Promise<number> {
  const { rows } = await admin.query<{ pid: number }>(`select pid from pg_stat_activity where application_name like $1`, [`${app}%`]);
  let ticks = 0;
  for (const { pid } of rows) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      return NaN;
    }
  }
  return ticks / 100;
}

/** CPU seconds of the Redis server (all its clients: other users of the server add noise). */
async function redisCpu(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const value = (key: string) => Number(new RegExp(`${key}:([0-9.]+)`).exec(info)?.[1] ?? NaN);
  return value('used_cpu_sys') + value('used_cpu_user');
}

async function statsOf(bots: BotProcess[]): Promise<Stats> {
  const all = await Promise.all(bots.map((b) => b.call<Stats>('stats')));
  return {
    queries: sum(all.map((s) => s.queries)),
    txControl: sum(all.map((s) => s.txControl)),
    redis: sum(all.map((s) => s.redis)),
    cpu: { user: sum(all.map((s) => s.cpu.user)), system: sum(all.map((s) => s.cpu.system)) },
    perProcessCpuMs: all.map((s) => (s.cpu.user + s.cpu.system) / 1000),
  };
}

interface Context {
  slack: SlackFake;
  posts: ReturnType<typeof countPosts>;
  pool: pg.Pool;
  admin: pg.Client;
  redis: Redis;
  env: Record<string, string>;
  tag: string;
  /** application_name prefixes of the bot processes' and of the minimal turn's connections. */
  apps: { bot: string; minimal: string };
}

/** CPU seconds so far, per party to a turn. */
interface CpuSnapshot {
  stats: Stats;
  load: number;
  botBackends: number;
  minimalBackends: number;
  redis: number;
}

async function cpuSnapshot(bots: BotProcess[], ctx: Context): Promise<CpuSnapshot> {
  const [stats, botBackends, minimalBackends, redis] = await Promise.all([statsOf(bots), backendCpu(ctx.admin, ctx.apps.bot), backendCpu(ctx.admin, ctx.apps.minimal), redisCpu(ctx.redis)]);
  const load = process.cpuUsage();
  return { stats, load: (load.user + load.system) / 1e6, botBackends, minimalBackends, redis };
}

async function benchLayout(layout: Layout, index: number, ctx: Context): Promise<string[]> {
  const { slack, posts, pool } = ctx;
  const bots: BotProcess[] = [];
  const logPath = (role: Role) => join(tmpdir(), `bench-turns-${ctx.tag}-${layout}-${role}.log`);
  try {
    if (layout === 'all') bots.push(await BotProcess.start('all', ctx.env, logPath('all')));
    else bots.push(...(await Promise.all([BotProcess.start('bot', ctx.env, logPath('bot')), BotProcess.start('worker', ctx.env, logPath('worker'))])));
    const front = bots[0]!;
    const eventsUrl = front.urls.eventsUrl!;
    const bareUrl = front.urls.bareUrl!;

    // Sessions answered by the bot (started, so their opening question is posted), and as many
    // for the minimal turn (never started: nothing of the bot's touches them).
    const spec = (kind: string, start: boolean) =>
      Array.from({ length: IN_FLIGHT }, (_, i) => ({
        channelId: `C${kind}${index}${i}`,
        threadId: `17${index}${kind === 'B' ? 1 : 2}${String(i).padStart(6, '0')}.000100`,
        userId: `U${kind}${index}_${i}`,
        start,
      }));
    const botSessions = await front.call<BenchSession[]>('setup', { workspaceId: TEAM, sessions: spec('B', true) });
    const minimalSessions = await front.call<BenchSession[]>('setup', { workspaceId: TEAM, sessions: spec('M', false) });
    const opened = await Promise.all(botSessions.map((s) => posts.waitFor(s.threadId, 1, 30_000)));
    if (opened.some((ok) => !ok)) throw new Error(`opening questions not posted; log: ${front.logTail()}`);

    await botRound(eventsUrl, botSessions, posts, WARMUP_MS);
    await minimalRound(pool, minimalSessions, Math.min(500, MINIMAL_ROUND_MS));

    const samples = { ack: [] as number[], turn: [] as number[] };
    const acks = { ours: [] as number[], bare: [] as number[], errors: 0 };
    const botRounds: RoundResult[] = [];
    const minimalRounds: RoundResult[] = [];
    const ackRounds: RoundResult[] = [];
    // Totals over the measured rounds: what the bot's turns and the minimal turns cost.
    const perTurn = { queries: 0, txControl: 0, redis: 0, botCpuMs: 0, loadCpuMs: 0, backendCpuMs: 0, redisCpuMs: 0, completed: 0, perProcessCpuMs: bots.map(() => 0) };
    const perMinimal = { clientCpuMs: 0, backendCpuMs: 0, completed: 0 };
    // BENCH_CPU_PROF_DIR: CPU profiles of the bot processes over the measured rounds.
    const profileDir = process.env.BENCH_CPU_PROF_DIR;
    if (profileDir) await Promise.all(bots.map((b) => b.call('profile-start')));
    for (let r = 0; r < ROUNDS; r += 1) {
      slack.calls.length = 0;
      slack.responses.length = 0;
      const before = await cpuSnapshot(bots, ctx);
      const round = await botRound(eventsUrl, botSessions, posts, BOT_ROUND_MS, samples);
      const after = await cpuSnapshot(bots, ctx);
      botRounds.push(round);
      perTurn.completed += round.completed;
      perTurn.queries += after.stats.queries - before.stats.queries;
      perTurn.txControl += after.stats.txControl - before.stats.txControl;
      perTurn.redis += after.stats.redis - before.stats.redis;
      perTurn.botCpuMs += (after.stats.cpu.user + after.stats.cpu.system - before.stats.cpu.user - before.stats.cpu.system) / 1000;
      perTurn.perProcessCpuMs = perTurn.perProcessCpuMs.map((v, i) => v + after.stats.perProcessCpuMs![i]! - before.stats.perProcessCpuMs![i]!);
      perTurn.loadCpuMs += (after.load - before.load) * 1000;
      perTurn.backendCpuMs += (after.botBackends - before.botBackends) * 1000;
      perTurn.redisCpuMs += (after.redis - before.redis) * 1000;

      const minimal = await minimalRound(pool, minimalSessions, MINIMAL_ROUND_MS);
      const done = await cpuSnapshot(bots, ctx);
      minimalRounds.push(minimal);
      perMinimal.completed += minimal.completed;
      perMinimal.clientCpuMs += (done.load - after.load) * 1000;
      perMinimal.backendCpuMs += (done.minimalBackends - after.minimalBackends) * 1000;

      // C: acks while turns run, a few command senders at once for enough samples to read a p99 from.
      const deadline = performance.now() + ACK_ROUND_MS;
      const until = () => performance.now() >= deadline;
      const [busy] = await Promise.all([
        botRound(eventsUrl, botSessions, posts, ACK_ROUND_MS),
        ...Array.from({ length: ACK_SENDERS }, () => sampleAcks(eventsUrl, bareUrl, slack, until, acks)),
      ]);
      ackRounds.push(busy);
    }

    const profiles = profileDir ? await Promise.all(bots.map((b) => b.call<string>('profile-stop', { path: join(profileDir, `turns-${layout}-${b.role}-${ctx.tag}.cpuprofile`) }))) : [];
    const tps = (rounds: RoundResult[]) => sum(rounds.map((r) => r.turns)) / sum(rounds.map((r) => r.seconds));
    const perRound = (rounds: RoundResult[]) => rounds.map((r) => (r.turns / r.seconds).toFixed(0)).join('/');
    const botTps = tps(botRounds);
    const minimalTps = tps(minimalRounds);
    const ratio = minimalTps / botTps;
    const ackRatio = quantile(acks.ours, 0.99) / quantile(acks.bare, 0.99);
    const errors = sum(botRounds.map((r) => r.errors));
    const where = layout === 'all' ? 'one process (role all: Bolt + workers)' : 'bot process + worker process';
    const per = (v: number) => (v / perTurn.completed).toFixed(1);
    const perMin = (v: number) => (v / perMinimal.completed).toFixed(2);
    const botCpu = (perTurn.botCpuMs + perTurn.backendCpuMs + perTurn.redisCpuMs + perTurn.loadCpuMs) / perTurn.completed;
    const minimalCpu = (perMinimal.clientCpuMs + perMinimal.backendCpuMs) / perMinimal.completed;
    const lines = [
      `[turns:${layout}] e2e Slack event -> reply posted, ${IN_FLIGHT} in flight, ${where}, ${ROUNDS} rounds of ${BOT_ROUND_MS / 1000} s: ` +
        `${sum(botRounds.map((r) => r.turns))} turns, ${botTps.toFixed(0)} turns/s (rounds ${perRound(botRounds)}); ` +
        `turn p50 ${ms(quantile(samples.turn, 0.5))} ms p99 ${ms(quantile(samples.turn, 0.99))} ms; event ack p50 ${ms(quantile(samples.ack, 0.5))} ms p99 ${ms(quantile(samples.ack, 0.99))} ms; errors ${errors}` +
        ` -- target >= ${TARGET_TPS}/s: ${verdict(botTps >= TARGET_TPS)}`,
      `[turns:${layout}] minimal turn (3 hand-written statements via pg.Pool max ${POOL_MAX}, ${IN_FLIGHT} concurrent, rounds alternating with the bot's): ` +
        `${minimalTps.toFixed(0)} turns/s (rounds ${perRound(minimalRounds)}); bot per-turn time / minimal = ${ratio.toFixed(1)}x -- target <= ${TARGET_MINIMAL_RATIO}x: ${verdict(ratio <= TARGET_MINIMAL_RATIO)}`,
      `[turns:${layout}] per bot turn (counted in the bot processes, background work included): ${per(perTurn.queries)} SQL statements ` +
        `(${per(perTurn.txControl)} of them BEGIN/COMMIT), ${per(perTurn.redis)} Redis commands; no slash commands in these rounds`,
      `[turns:${layout}] CPU per turn (this machine has ${availableParallelism()} cores = ${availableParallelism() * 1000} CPU-ms/s): bot turn = bot process(es) ${per(perTurn.botCpuMs)} ms${bots.length > 1 ? ` (${bots.map((b, i) => `${b.role} ${per(perTurn.perProcessCpuMs[i]!)}`).join(', ')})` : ''} ` +
        `+ their Postgres backends ${per(perTurn.backendCpuMs)} ms + Redis server ${per(perTurn.redisCpuMs)} ms (server-wide) + load generator/Slack fake ${per(perTurn.loadCpuMs)} ms ` +
        `= ${botCpu.toFixed(1)} ms (at most ~${((availableParallelism() * 1000) / botCpu).toFixed(0)} turns/s if nothing else ran); ` +
        `minimal turn = client ${perMin(perMinimal.clientCpuMs)} ms + Postgres backends ${perMin(perMinimal.backendCpuMs)} ms = ${minimalCpu.toFixed(2)} ms; bot/minimal CPU = ${(botCpu / minimalCpu).toFixed(1)}x`,
      `[turns:${layout}] /interview help ack during the turn load (${tps(ackRounds).toFixed(0)} turns/s in these rounds), our Bolt app vs a bare Bolt app in the same ${layout === 'all' ? '' : 'bot '}process, alternating (n=${acks.ours.length}/${acks.bare.length}): ` +
        `ours p50/p90/p99 ${[0.5, 0.9, 0.99].map((q) => ms(quantile(acks.ours, q))).join('/')} ms; bare ${[0.5, 0.9, 0.99].map((q) => ms(quantile(acks.bare, q))).join('/')} ms; ` +
        `p50 ours/bare = ${(quantile(acks.ours, 0.5) / quantile(acks.bare, 0.5)).toFixed(2)}x; p99 ours/bare = ${ackRatio.toFixed(2)}x -- target <= ${TARGET_ACK_RATIO}x: ${verdict(ackRatio <= TARGET_ACK_RATIO)}${acks.errors ? ` (${acks.errors} non-200)` : ''}`,
    ];
    if (profiles.length) lines.push(`[turns:${layout}] CPU profiles: ${profiles.join(', ')}`);
    for (const bot of bots) {
      const p = bot.problems();
      if (p.warn || p.error) lines.push(`[turns:${layout}] ${bot.role} process logged ${p.warn} warnings, ${p.error} errors; first: ${p.first}`);
    }
    return lines;
  } finally {
    await Promise.all(bots.map((b) => b.stop()));
    if (!process.env.BENCH_KEEP_LOGS) for (const bot of bots) rmSync(bot.logPath, { force: true });
  }
}

/** The turn benchmark on Postgres + Redis; printable lines (one saying it was skipped without them). */
export async function benchTurns(): Promise<string[]> {
  const databaseUrl = process.env.DATABASE_URL;
  const redisUrl = process.env.REDIS_URL;
  if (!databaseUrl || !redisUrl) return ['[turns] skipped: the end-to-end turn benchmark needs DATABASE_URL (PostgreSQL) and REDIS_URL (Redis)'];
  const tag = `${process.pid}_${randomBytes(3).toString('hex')}`;
  const schema = `bench_turns_${tag}`;
  const prefix = `bench-turns-${tag}`;
  const cleanups: (() => Promise<unknown>)[] = [];
  const lines: string[] = [];
  try {
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    cleanups.push(async () => {
      // BENCH_KEEP_SCHEMA: leave the data for a look at query plans (drop it by hand).
      if (process.env.BENCH_KEEP_SCHEMA) lines.push(`[turns] kept schema ${schema}`);
      else await admin.query(`drop schema if exists ${schema} cascade`);
      await admin.end();
    });
    await admin.query(`create schema ${schema}`);
    const handle = await openDatabase({ url: databaseUrl, dataDir: '', poolMax: 2, searchPath: schema });
    await migrateToLatest(handle.db, { schema });
    await handle.close();

    cleanups.push(() => deleteKeys(redisUrl, prefix));
    cleanups.push(async () => agent.destroy());
    const slack = await startSlackFake({ teamId: TEAM });
    cleanups.push(() => slack.close());
    const posts = countPosts(slack);
    const apps = { bot: `bt_${tag}_bot`, minimal: `bt_${tag}_min` };
    const pool = new pg.Pool({ connectionString: databaseUrl, max: POOL_MAX, options: `-c search_path=${schema}`, application_name: apps.minimal });
    cleanups.push(() => pool.end());
    const redis = new Redis(redisUrl);
    cleanups.push(async () => redis.disconnect());

    const env = {
      // The bot's connections are named, so the CPU of their Postgres backends can be found.
      DATABASE_URL: `${databaseUrl}${databaseUrl.includes('?') ? '&' : '?'}application_name=${apps.bot}`,
      REDIS_URL: redisUrl,
      BENCH_SCHEMA: schema,
      BENCH_QUEUE_PREFIX: prefix,
      BENCH_SIGNING_SECRET: SECRET,
      BENCH_SLACK_API_URL: slack.apiUrl,
    };
    for (const [index, layout] of LAYOUTS.entries()) lines.push(...(await benchLayout(layout, index, { slack, posts, pool, admin, redis, env, tag, apps })));
    if (slack.unexpected.length) lines.push(`[turns] the Slack fake saw ${slack.unexpected.length} unexpected requests; first: ${slack.unexpected[0]}`);
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => lines.push(`[turns] cleanup failed: ${String(error)}`));
  }
  return lines;
}
