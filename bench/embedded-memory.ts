// Resident memory of the embedded database (PGlite) with 1,000 live sessions, in a child Node
// process of its own per measurement (memory only ever grows within a process, so each case starts
// clean). Each case runs twice on one data folder: the first run (initdb in a fresh folder) and a
// restart on the existing folder. Side by side in one run:
//   old: PGlite.create(dataDir) with PGlite's defaults (what openDatabase did before issue 13);
//   new: openDatabase({ dataDir }) as the bot opens it now.
// A run: load the bot's modules (Bolt, discord.js, pino, the core: the process is a bot process
// but for the adapters running), open, migrate, create 1,000 live sessions with 6 messages each
// (the restart reads every live transcript and appends one message to each), force a GC, report
// process.memoryUsage() and, on Linux, what is resident by kind of mapping. Printed: the whole
// process's resident size (the median of the runs) and the database's part (the growth from
// opening on; on a first run partly hidden by what the process gives back after loading modules).
//
// `npx tsx bench/embedded-memory.ts` alone, or benchEmbeddedMemory() from bench/index.ts.
// Knobs (env): BENCH_MEMORY_SESSIONS (1000); BENCH_MEMORY_RUNS (3, the median printed); BENCH_MEMORY_CASES (old,new); BENCH_MEMORY_BOT_MODULES=0
// (measure without first loading the bot's own modules: Bolt, discord.js, pino, the core);
// BENCH_PGLITE_OPTIONS='{"initialMemory":...}' adds a case `custom`: PGlite.create(dataDir, options);
// BENCH_MEMORY_NODE_ARGS='--liftoff-only' passes Node/V8 flags to the measured processes.
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kysely } from 'kysely';
import type { SessionRef } from '../src/domain/types.js';
import { DataStore } from '../src/storage/data-store.js';
import type { Database } from '../src/storage/schema.js';

const SESSIONS = Number(process.env.BENCH_MEMORY_SESSIONS ?? 1_000);
const MESSAGES = 6;
const TARGET_MB = 300;
const RUNS = Number(process.env.BENCH_MEMORY_RUNS ?? 3);
const WITH_BOT_MODULES = process.env.BENCH_MEMORY_BOT_MODULES !== '0';

type Case = 'old' | 'new' | 'custom';
type Phase = 'first' | 'restart';

interface Usage {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  /** Linux: resident bytes by kind of mapping (the WASM memory, JIT code, program files, the rest). */
  maps?: { wasm: number; code: number; files: number; other: number };
}

/** Sorts /proc/self/smaps: the WASM memory is the one anonymous mapping of 128 MB or more. */
function residentByMapping(): Usage['maps'] {
  let text: string;
  try {
    text = readFileSync('/proc/self/smaps', 'utf8');
  } catch {
    return undefined;
  }
  const maps = { wasm: 0, code: 0, files: 0, other: 0 };
  let kind: keyof typeof maps = 'other';
  for (const line of text.split('\n')) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      const size = parseInt(head[2]!, 16) - parseInt(head[1]!, 16);
      const path = head[4]!;
      kind = path.startsWith('/') ? 'files' : path ? 'other' : head[3]!.includes('x') ? 'code' : size >= 128 * 1_048_576 ? 'wasm' : 'other';
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) maps[kind] += Number(rss[1]) * 1024;
  }
  return maps;
}

interface Report {
  /** Before the database is opened: Node, tsx, the bench and (unless told not to) the bot's modules. */
  start: Usage;
  open: Usage;
  live: Usage;
  openMs: number;
  workMs: number;
  sessions: number;
}

const mb = (bytes: number) => Math.round(bytes / 1_048_576);
const show = (u: Usage) =>
  `rss ${mb(u.rss)} MB (heap ${mb(u.heapUsed)} of ${mb(u.heapTotal)}, external ${mb(u.external)}, arrayBuffers ${mb(u.arrayBuffers)}` +
  (u.maps ? `; resident: WASM memory ${mb(u.maps.wasm)}, code ${mb(u.maps.code)}, files ${mb(u.maps.files)}, other ${mb(u.maps.other)})` : ')');

function usage(): Usage {
  // Twice: a PGlite instance dropped after initdb is only collected on a later cycle.
  globalThis.gc?.();
  globalThis.gc?.();
  const { rss, heapTotal, heapUsed, external, arrayBuffers } = process.memoryUsage();
  return { rss, heapTotal, heapUsed, external, arrayBuffers, maps: residentByMapping() };
}

const ANSWER =
  'We put a write-through cache in front of the key-value store: the short code is the key, the long URL the value. Reads outnumber writes 100 to 1, ' +
  'so the cache absorbs nearly all of them; a miss costs one lookup by primary key. IDs come from a counter range leased per node, base62-encoded. ';

async function openCase(kind: Case, dataDir: string): Promise<{ db: Kysely<Database>; close(): Promise<void> }> {
  if (kind === 'new') {
    const { openDatabase } = await import('../src/storage/database.js');
    return openDatabase({ dataDir });
  }
  // The code path before issue 13: PGlite in this process, initdb included, PGlite's defaults.
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGliteDialect } = await import('kysely-pglite-dialect');
  const options = kind === 'custom' ? (JSON.parse(process.env.BENCH_PGLITE_OPTIONS ?? '{}') as object) : {};
  const pglite = await PGlite.create(dataDir, options);
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return { db, close: () => db.destroy() };
}

/** One run in this (child) process: open, migrate, the live sessions, measure. */
async function child(kind: Case, phase: Phase, dataDir: string): Promise<Report> {
  if (WITH_BOT_MODULES) {
    // What a bot process has loaded besides the database: the core, Bolt, discord.js, pino, the ops server.
    await import('pino');
    await import('../src/app/composition-root.js');
    await import('../adapters/slack/slack-app.js');
    await import('../adapters/discord/discord-app.js');
    await import('../adapters/http/ops-server.js');
  }
  const start = usage();
  const { migrateToLatest } = await import('../src/storage/migrate.js');
  let t = performance.now();
  const handle = await openCase(kind, dataDir);
  await migrateToLatest(handle.db);
  const openMs = performance.now() - t;
  const open = usage();
  const store = new DataStore(handle.db);
  t = performance.now();
  const at = new Date();
  if (phase === 'first') {
    for (let i = 0; i < SESSIONS; i += 1) {
      const ref: SessionRef = { platform: 'slack', workspaceId: 'T_BENCH', sessionId: randomUUID() };
      await store.transaction(async (tx) => {
        await tx.sessions.insert({
          id: ref.sessionId,
          platform: ref.platform,
          workspace_id: ref.workspaceId,
          owner_user_id: `U${i}`,
          channel_id: 'C_BENCH',
          thread_id: `${i}.000`,
          status: 'active',
          topic: 'url-shortener',
          config: JSON.stringify({ topic: 'url-shortener', durationMinutes: 45 }),
          created_at: at,
          updated_at: at,
          started_at: at,
          active_since: at,
        });
        for (let m = 0; m < MESSAGES; m += 1) {
          const role = m % 2 === 0 ? 'interviewer' : 'candidate';
          await tx.appendMessage(ref, { role, content: `${m}: ${ANSWER.repeat(1 + (m % 3))}`, authorUserId: role === 'candidate' ? `U${i}` : null }, at);
        }
      });
    }
  } else {
    // Restarted on the folder: every live session's transcript is read and gets one more message.
    const live = await handle.db.selectFrom('sessions').select(['id', 'platform', 'workspace_id']).where('status', '=', 'active').execute();
    for (const row of live) {
      const ref: SessionRef = { platform: row.platform as SessionRef['platform'], workspaceId: row.workspace_id, sessionId: row.id };
      await handle.db.selectFrom('messages').selectAll().where('session_id', '=', row.id).orderBy('seq').execute();
      await store.transaction((tx) => tx.appendMessage(ref, { role: 'candidate', content: ANSWER, authorUserId: 'U' }, at));
    }
  }
  const workMs = performance.now() - t;
  const { count } = await handle.db.selectFrom('sessions').select((eb) => eb.fn.countAll<string>().as('count')).where('status', '=', 'active').executeTakeFirstOrThrow();
  const live = usage();
  await handle.close();
  return { start, open, live, openMs, workMs, sessions: Number(count) };
}

function runChild(kind: Case, phase: Phase, dataDir: string): Promise<Report> {
  return new Promise((resolve, reject) => {
    const proc = fork(fileURLToPath(import.meta.url), ['--child', kind, phase, dataDir], {
      execArgv: ['--import', 'tsx', '--expose-gc', ...(process.env.BENCH_MEMORY_NODE_ARGS?.split(' ').filter(Boolean) ?? [])],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let report: Report | undefined;
    proc.on('message', (message) => (report = message as Report));
    proc.on('error', reject);
    proc.on('exit', (code) => (report && code === 0 ? resolve(report) : reject(new Error(`${kind}/${phase} child exited with ${code}`))));
  });
}

/** Lines to print: resident memory with 1,000 live sessions, first run and restart, old and new. */
export async function benchEmbeddedMemory(): Promise<string[]> {
  const cases = (process.env.BENCH_MEMORY_CASES ?? `old,new${process.env.BENCH_PGLITE_OPTIONS ? ',custom' : ''}`).split(',') as Case[];
  const results = new Map<Case, Record<Phase, Report[]>>(cases.map((kind) => [kind, { first: [], restart: [] }]));
  // Rounds alternate the cases, so a busy machine weighs on both alike.
  for (let round = 0; round < RUNS; round += 1) {
    for (const kind of cases) {
      const dir = await mkdtemp(join(tmpdir(), `embedded-memory-${kind}-`));
      try {
        results.get(kind)!.first.push(await runChild(kind, 'first', dir));
        results.get(kind)!.restart.push(await runChild(kind, 'restart', dir));
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
  }
  // The run with the median resident size stands for the case; the spread is printed beside it.
  const median = (reports: Report[]) => [...reports].sort((a, b) => a.live.rss - b.live.rss)[Math.floor(reports.length / 2)]!;
  const spread = (reports: Report[]) => (reports.length > 1 ? `, ${mb(Math.min(...reports.map((r) => r.live.rss)))}-${mb(Math.max(...reports.map((r) => r.live.rss)))} over ${reports.length} runs` : '');
  const part = (r: Report) => mb(r.live.rss - r.start.rss);
  const lines: string[] = [];
  for (const phase of ['first', 'restart'] as const) {
    const label = phase === 'first' ? 'first run (initdb)' : 'restart on the folder';
    const old = results.get('old')?.[phase];
    for (const [kind, byPhase] of results) {
      if (kind === 'old' && results.size > 1) continue;
      const r = median(byPhase[phase]);
      const versus = old && kind !== 'old' ? ` ... old ${mb(median(old).live.rss)} MB (database's part ${part(median(old))} MB${spread(old)})` : '';
      lines.push(
        `embedded (PGlite${kind === 'new' ? '' : `, ${kind}`}) resident with ${r.sessions.toLocaleString('en-US')} live sessions, ${label}: ${mb(r.live.rss)} MB ` +
          `(target <= ${TARGET_MB} MB; ${WITH_BOT_MODULES ? "the bot's modules loaded, " : ''}database's part ${part(r)} MB${spread(byPhase[phase])})${versus}`,
      );
    }
    for (const [kind, byPhase] of results) {
      const r = median(byPhase[phase]);
      lines.push(
        `  ${kind.padEnd(6)} ${label}: before the database ${show(r.start)}; opened+migrated ${show(r.open)} in ${Math.round(r.openMs)} ms; ` +
          `live ${show(r.live)}; sessions written/read in ${Math.round(r.workMs)} ms`,
      );
    }
  }
  return lines;
}

if (process.argv[2] === '--child') {
  const [kind, phase, dataDir] = process.argv.slice(3) as [Case, Phase, string];
  const report = await child(kind, phase, dataDir);
  process.send!(report, () => process.disconnect());
} else if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const line of await benchEmbeddedMemory()) console.log(line);
}
