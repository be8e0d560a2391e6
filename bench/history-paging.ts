import { ProgressService } from '../src/progress/progress-service.js';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql, type Kysely } from 'kysely';
import { ChatPorts } from '../src/chat/chat-port.js';
import { ChatRouter } from '../src/chat/chat-router.js';
import type { InboundAction, InboundCommand } from '../src/chat/inbound.js';
import type { OutboundMessage } from '../src/chat/outbound-message.js';
import { systemClock } from '../src/domain/ports.js';
import { TopicCatalog } from '../src/interviewer/catalog/topic-catalog.js';
import { createLogger } from '../src/logging/logger.js';
import type { SessionManager } from '../src/session/session-manager.js';
import { SessionQueries } from '../src/session/session-queries.js';
import { DataStore } from '../src/storage/data-store.js';
import { InProcessJobQueue } from '../src/queue/in-process-job-queue.js';
import { ScheduleService } from '../src/schedules/schedule-service.js';
import type { Database } from '../src/storage/schema.js';
import { seedHistory } from '../test/support/seed-history.js';

const OWNERS = 100;
const PER_OWNER = 10_000;
const DEEP_PAGE = 1_000;
const RUNS = 41;

type History = Extract<OutboundMessage, { kind: 'history' }>;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * `/interview history` at 1,000,000 stored sessions (100 owners in 4 workspaces, 10,000 each,
 * one in ten never answered: 1,800 pages of 5 each), through the router as a chat event reaches
 * it: page 1, page 1,000 by its Older button (reached by pressing Older 999 times), and
 * `history 1000` typed. Runs alternate between the three so drift in the machine hits all alike;
 * medians are reported. Postgres only, on a migrated, empty schema (`db`); it takes ~40 s,
 * mostly the seeding.
 */
export async function benchHistoryPaging(db: Kysely<Database>): Promise<string[]> {
  const seeding = performance.now();
  const owners = await seedHistory(db, { prefix: `BENCH${randomBytes(4).toString('hex')}`, owners: OWNERS, workspaces: 4, perOwner: PER_OWNER, hiddenEvery: 10 });
  // VACUUM as autovacuum would have for rows this old: index-only scans need the visibility map.
  await sql`vacuum analyze sessions`.execute(db);
  const seededSeconds = (performance.now() - seeding) / 1000;

  // The history handler reads through the SessionManager's read half (SessionQueries) only; the
  // rest of the manager (interviews, workers, timers) is not needed to page history.
  const logger = createLogger({ level: 'silent' });
  const sessions = new SessionQueries(new DataStore(db), systemClock, logger) as unknown as SessionManager;
  const catalog = new TopicCatalog();
  const progress = new ProgressService(new DataStore(db).progress, catalog, systemClock);
  const router = new ChatRouter({ sessions, catalog, chat: new ChatPorts(), logger, defaults: { aiProvider: 'offline', aiModel: 'offline', durationMinutes: 45 }, progress, team: teamFor(db, logger) });
  const owner = owners[OWNERS - 1]!;
  const place = { platform: owner.platform, workspaceId: owner.workspaceId, channelId: 'C-BENCH', user: { userId: owner.userId } };
  let last: OutboundMessage | undefined;
  const reply = async (message: OutboundMessage) => {
    last = message;
  };
  const type = async (text: string): Promise<History> => {
    await router.handleCommand({ ...place, text } satisfies InboundCommand, reply);
    if (last?.kind !== 'history') throw new Error(`history answered ${JSON.stringify(last)}`);
    return last;
  };
  const press = async (value: string): Promise<History> => {
    await router.handleAction({ ...place, actionId: 'history.page', value } satisfies InboundAction, reply);
    if (last?.kind !== 'history') throw new Error(`history button answered ${JSON.stringify(last)}`);
    return last;
  };
  const older = (message: History) => message.actions.find((a) => a.label === 'Older')!.value;

  // Page 1,000 the way a user gets there, checked against `history 1000`.
  let byButton = await type('history');
  let deep = '';
  for (let i = 1; i < DEEP_PAGE; i += 1) byButton = await press((deep = older(byButton)));
  const typed = await type(`history ${DEEP_PAGE}`);
  if (byButton.history.page !== DEEP_PAGE || byButton.history.items.length === 0 || JSON.stringify(typed) !== JSON.stringify(byButton)) {
    throw new Error('page 1,000 by button and `history 1000` differ');
  }

  const samples = { first: [] as number[], button: [] as number[], typed: [] as number[] };
  const time = async (into: number[], fn: () => Promise<unknown>) => {
    const t = performance.now();
    await fn();
    into.push(performance.now() - t);
  };
  for (let run = 0; run < RUNS; run += 1) {
    await time(samples.first, () => type('history'));
    await time(samples.button, () => press(deep));
    await time(samples.typed, () => type(`history ${DEEP_PAGE}`));
  }
  const [first, button, byNumber] = [median(samples.first), median(samples.button), median(samples.typed)];
  const total = (OWNERS * PER_OWNER).toLocaleString('en-US');
  return [
    `history page 1,000 of ${total} sessions: page 1 ${first.toFixed(2)} ms, page 1,000 (Older button) ${button.toFixed(2)} ms, ratio ${(button / first).toFixed(2)}x (target <= 2x)`,
    `history page 1,000 of ${total} sessions: \`history 1000\` typed ${byNumber.toFixed(2)} ms, ratio ${(byNumber / first).toFixed(2)}x page 1 (medians of ${RUNS} interleaved runs; seeded in ${seededSeconds.toFixed(1)} s)`,
  ];
}

/** Channel settings and schedules, which a history page never reads. */
function teamFor(db: Kysely<Database>, logger: ReturnType<typeof createLogger>) {
  const store = new DataStore(db);
  return { settings: store.channelSettings, schedules: new ScheduleService(store, new InProcessJobQueue(logger), systemClock, logger), clock: systemClock };
}
