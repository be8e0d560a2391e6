import { createCore, type Core } from '../../src/app/composition-root.js';
import { CommunicationManager } from '../../src/communication/communication-manager.js';
import { ChatPorts } from '../../src/chat/chat-port.js';
import type { Clock, CommunicationManagerPort, JobQueue } from '../../src/domain/ports.js';
import type { Actor, CandidateMessageInput, SessionConfig, SessionOwner, TranscriptMessage } from '../../src/domain/types.js';
import { TopicCatalog } from '../../src/interviewer/catalog/topic-catalog.js';
import type { Logger } from '../../src/logging/logger.js';
import { InProcessJobQueue } from '../../src/queue/in-process-job-queue.js';
import type { SessionManager, SessionManagerOptions } from '../../src/session/session-manager.js';
import { DataStore } from '../../src/storage/data-store.js';
import type { DatabaseHandle } from '../../src/storage/database.js';
import { CountingScorer, EchoInterviewer } from './in-test-ports.js';
import { memoryLogger } from './memory-log.js';
import { RecordingChatPort } from './recording-chat-port.js';
import { TestClock } from './test-clock.js';

export interface Harness {
  core: Core;
  manager: SessionManager;
  store: DataStore;
  interviewer: EchoInterviewer;
  scorer: CountingScorer;
  communication: CommunicationManagerPort;
  queue: JobQueue;
  chat: RecordingChatPort;
  clock: TestClock;
  logs: ReturnType<typeof memoryLogger>;
  /** The candidate answers and the test waits for the interviewer's reply (null: none came). */
  turn(sessionId: string, input: CandidateMessageInput): Promise<{ candidate: TranscriptMessage; reply: TranscriptMessage | null; duplicate: boolean }>;
  close(): Promise<void>;
}

/** The core as the composition root wires it (createCore), on the given database, with test AI and a recording chat port. */
export async function buildHarness(
  handle: DatabaseHandle,
  overrides: {
    communication?: CommunicationManagerPort;
    clock?: TestClock;
    /** A real clock instead of the hand-moved one (timer tests run in real, scaled time). */
    realClock?: Clock;
    queue?: JobQueue;
    minuteMs?: number;
    /** false: only enqueue, as `npm run bot` does; another process works the queue. */
    workers?: boolean;
    options?: Partial<SessionManagerOptions>;
    logger?: Logger;
    interviewer?: EchoInterviewer;
    leaseMs?: number;
    sweepIntervalMs?: number;
    reconcileIntervalMs?: number;
    deliveryAttempts?: number;
  } = {},
): Promise<Harness> {
  const logs = memoryLogger();
  const logger = overrides.logger ?? logs.logger;
  const clock = overrides.clock ?? new TestClock();
  const store = new DataStore(handle.db);
  const interviewer = overrides.interviewer ?? new EchoInterviewer();
  const scorer = new CountingScorer();
  const queue = overrides.queue ?? new InProcessJobQueue(logger);
  const communication = overrides.communication ?? new CommunicationManager();
  const chat = new RecordingChatPort();
  const chatPorts = new ChatPorts().register('slack', chat).register('discord', chat).register('console', chat);
  const core = await createCore(
    {
      store,
      queue,
      // The in-process queue reaches no other process: `workers: false` needs a shared queue.
      queueKind: overrides.workers === false ? 'bullmq' : 'in-process',
      ai: { kind: 'offline', model: 'echo', interviewer, scorer },
      catalog: new TopicCatalog(),
      chat: chatPorts,
      logger,
      clock: overrides.realClock ?? clock,
      communication,
    },
    {
      role: overrides.workers === false ? 'bot' : 'all',
      defaultDurationMinutes: 45,
      maxMessageChars: overrides.options?.maxMessageChars ?? 60_000,
      turnLeaseMs: overrides.leaseMs ?? 5_000,
      timerMinuteMs: overrides.minuteMs ?? 60_000,
      sweepIntervalMs: overrides.sweepIntervalMs ?? 60_000,
      reconcileIntervalMs: overrides.reconcileIntervalMs ?? 60_000,
      deliveryAttempts: overrides.deliveryAttempts ?? 3,
      session: { evaluationPollMs: 10, evaluationJob: { attempts: 3, backoffMs: 5 }, ...overrides.options },
      retry: { turn: { attempts: 3, backoffMs: 20 }, delivery: { attempts: 10, backoffMs: 20 } },
    },
  );
  const manager = core.sessions;
  return {
    core,
    manager,
    store,
    interviewer,
    scorer,
    communication,
    queue,
    chat,
    clock,
    logs,
    async turn(sessionId, input) {
      const recorded = await manager.submitCandidateMessage(sessionId, input);
      // A generous wait: on a CI machine busy with other test files a reply can take seconds.
      const reply = await manager.awaitReply(sessionId, input.author, recorded.message.seq, 30_000);
      return { candidate: recorded.message, reply, duplicate: recorded.duplicate };
    },
    async close() {
      await core.close();
      await queue.close(3_000);
    },
  };
}

let counter = 0;
export function uniqueWorkspace(prefix = 'T'): string {
  counter += 1;
  return `${prefix}${process.pid}${counter}`;
}

export function ownerIn(workspaceId: string, userId = 'U1', platform: SessionOwner['platform'] = 'slack'): SessionOwner & { userId: string } {
  return { platform, workspaceId, userId, displayName: `User ${userId}` };
}

export function actorFor(owner: SessionOwner & { userId: string }, kind: Actor['kind'] = 'user'): Actor {
  return { platform: owner.platform, workspaceId: owner.workspaceId, userId: owner.userId, kind };
}

export function config(overrides: Partial<SessionConfig> = {}): SessionConfig {
  return { enabledModes: ['text', 'whiteboard'], aiProvider: 'offline', aiModel: 'offline', durationMinutes: 45, topic: 'URL shortener', ...overrides };
}
